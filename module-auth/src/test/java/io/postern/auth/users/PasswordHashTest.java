package io.postern.auth.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postern.spi.WireText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each scheme against hashes made by other implementations: published vectors, openssl, Python. */
class PasswordHashTest {

    /**
     * Published vectors: Ulrich Drepper's SHA-crypt specification (the "Hello world!" cases),
     * the jBCrypt/OpenBSD bcrypt test vectors, and an {SSHA256} made with Python's hashlib.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Hello world!|{SHA256-CRYPT}$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5",
        "Hello world!|{SHA256-CRYPT}$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA",
        "Hello world!|{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
        "Hello world!|{SHA512-CRYPT}$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
        "abc|{BLF-CRYPT}$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "abcdefghijklmnopqrstuvwxyz|{BLF-CRYPT}$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC",
        "abc|{BCRYPT}$2b$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "abc|{blf-crypt}$2y$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "Hello world!|{SSHA256}IVN4sh+kejmrlAMxAvyYDe9bT2HKbcnkRD119uA7WfwBAgMEc2FsdHNhbHQ=",
        "Hello world!|{PLAIN}Hello world!",
    })
    void verifiesPublishedVectorsAndRefusesOtherPasswords(String password, String stored) {
        PasswordHash hash = PasswordHash.parse(stored);

        assertThat(hash.matches(password)).isTrue();
        assertThat(hash.matches(password + "x")).isFalse();
        assertThat(hash.matches("")).isFalse();
        assertThat(hash.toString()).doesNotContain(stored.substring(stored.indexOf('}') + 1));
    }

    /** The stand-in for unknown logins: another random password, the same scheme, cost and salt length. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{SHA256-CRYPT}$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA|SHA256-CRYPT rounds 10000",
        "{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1|SHA512-CRYPT rounds 5000",
        "{BLF-CRYPT}$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i|BLF-CRYPT cost 6",
        "{SSHA256}IVN4sh+kejmrlAMxAvyYDe9bT2HKbcnkRD119uA7WfwBAgMEc2FsdHNhbHQ=|SSHA256",
        "{PLAIN}Hello world!|PLAIN",
    })
    void makesADummyOfTheSameSchemeAndCost(String stored, String cost) {
        PasswordHash hash = PasswordHash.parse(stored);

        PasswordHash dummy = hash.dummy(new java.security.SecureRandom());

        assertThat(hash.cost()).isEqualTo(cost);
        assertThat(dummy.cost()).isEqualTo(cost);
        assertThat(dummy).isNotEqualTo(hash);
        assertThat(dummy.matches("Hello world!")).isFalse();
        assertThat(dummy.matches("abc")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"BLF-CRYPT", "SHA512-CRYPT", "PLAIN"})
    void aPasswordThatIsNotUtf8NeverMatchesOneWithAQuestionMarkInItsPlace(String scheme) {
        String stored = scheme.equals("PLAIN") ? "{PLAIN}pw?" : "{" + scheme + "}" + PasswdTool.hash(scheme, "pw?");
        String invalid = WireText.decode(new byte[] {'p', 'w', (byte) 0xFF});

        assertThat(PasswordHash.parse(stored).matches("pw?")).isTrue();
        assertThat(PasswordHash.parse(stored).matches(invalid)).isFalse();
    }

    @Test
    void verifiesOpensslShaCryptHashes() throws Exception {
        String password = "correct horse battery staple";
        for (String option : List.of("-5", "-6")) {
            String hash = run("openssl", "passwd", option, "-salt", "Zx9.ab/Q", password);
            String scheme = option.equals("-5") ? "{SHA256-CRYPT}" : "{SHA512-CRYPT}";

            assertThat(PasswordHash.parse(scheme + hash).matches(password)).as(hash).isTrue();
            assertThat(PasswordHash.parse(scheme + hash).matches("correct horse battery stapler")).isFalse();
        }
    }

    @Test
    void verifiesBcryptHashesOfPythonsCrypt() throws Exception {
        String hash = run("python3", "-W", "ignore", "-c",
                "import crypt; print(crypt.crypt('s3cret pass', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))");
        assumeTrue(hash.startsWith("$2"), "this Python's crypt cannot make bcrypt hashes: " + hash);

        assertThat(PasswordHash.parse("{BLF-CRYPT}" + hash).matches("s3cret pass")).isTrue();
        assertThat(PasswordHash.parse("{BLF-CRYPT}" + hash).matches("s3cret pasS")).isFalse();
    }

    @Test
    void verifiesBcryptHashesOfHtpasswd() throws Exception {
        String line = run("htpasswd", "-nbB", "-C", "4", "bob", "s3cret");

        assertThat(PasswordHash.parse("{BLF-CRYPT}" + line.substring(4)).matches("s3cret")).isTrue();
    }

    @Test
    void refusesUnknownSchemeNamingIt() {
        assertThatThrownBy(() -> PasswordHash.parse("{MD5-CRYPT}$1$abc$def"))
                .hasMessage("unknown scheme \"{MD5-CRYPT}\" (expected: one of " + PasswordHash.SCHEMES + ")");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{BLF-CRYPT}$2x$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i|not a bcrypt hash",
        "{BLF-CRYPT}$2a$06$tooShort|not a bcrypt hash",
        "{SHA512-CRYPT}$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5|not a $6$ crypt hash",
        "{SSHA256}not base64!|not base64",
        "{SSHA256}AAAA|too short",
        "secret|without {SCHEME}",
    })
    void refusesMalformedValuesWithoutQuotingThem(String stored, String message) {
        assertThatThrownBy(() -> PasswordHash.parse(stored))
                .hasMessageContaining(message)
                .message().doesNotContain(stored.substring(stored.indexOf('}') + 1));
    }

    /** Runs a tool and returns its output's first line; skips the test when the tool is missing. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, command[0] + " is not installed: " + e.getMessage());
            throw e;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                command[0] + " failed: " + output);
        return output.lines().findFirst().orElse("");
    }
}
