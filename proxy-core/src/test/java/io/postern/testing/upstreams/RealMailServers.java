package io.postern.testing.upstreams;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class one real Dovecot and Postfix pair ({@link MailServers}), started before
 * its first test and stopped after its last, injected into constructors, {@code @BeforeAll}
 * and test methods that declare a {@link MailServers} parameter. See {@link RealServersExtension}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealServersExtension.class)
public @interface RealMailServers {

    /** Whether Dovecot also offers TLS (STARTTLS, imaps, pop3s) with a self-signed certificate. */
    boolean tls() default false;
}
