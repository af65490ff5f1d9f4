package io.postern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.config.ConfigException;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.InvalidDirectiveException;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.ServerConfig;
import io.postern.spi.SpiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module's complaint about a value, and a {@code phases} list naming an unknown handler, are
 * reported once each, with the file and line of what is wrong in front, and the file only once.
 */
class ModuleConfigErrorsTest {

    @TempDir
    Path dir;

    /** Refuses cache_size below 1, as a module should: through ServerConfig.invalid. */
    static final class CacheModule implements PosternModule {
        @Override
        public List<Directive> directives() {
            return List.of(Directive.of("cache_size", DirectiveType.INTEGER));
        }

        @Override
        public void configure(ModuleContext context) {
            for (ServerConfig server : context.servers()) {
                long size = server.integer("cache_size");
                if (size < 1) {
                    throw server.invalid("cache_size", size + " (expected: >= 1)");
                }
            }
            context.addAuthenticator("json", request -> CompletableFuture.completedFuture(null));
        }
    }

    private static LoadedModule cacheModule() {
        return LoadedModule.inProcess(new CacheModule(),
                new ModuleDescriptor("cache", "1.0", SpiVersion.current(), "test"));
    }

    @Test
    void aModulesInvalidValueIsReportedAtItsFileAndLineOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("postern.conf"), """
                mail {
                  cache_size = 10
                  servers {
                    imap {
                      protocol = imap
                      listen = "127.0.0.1:0"
                      cache_size = 0
                    }
                  }
                }
                """);

        assertThatThrownBy(() -> Postern.configure(file, dir, null, List.of(cacheModule())))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":7: cache_size: 0 (expected: >= 1)");
    }

    /** Checks a block's entries, each at its own line, as module-rewrite does. */
    static final class RulesModule implements PosternModule {
        @Override
        public List<Directive> directives() {
            return List.of(Directive.of("rules", DirectiveType.BLOCK));
        }

        @Override
        public void configure(ModuleContext context) {
            com.typesafe.config.ConfigObject rules = context.mail().raw().getObject("rules");
            List<InvalidDirectiveException.Problem> problems = rules.keySet().stream().sorted()
                    .map(key -> new InvalidDirectiveException.Problem(
                            rules.get(key).origin().filename() + ":" + rules.get(key).origin().lineNumber(),
                            "rules." + key + ": " + rules.get(key).unwrapped() + " (expected: allow or deny)"))
                    .toList();
            throw new InvalidDirectiveException("rules", problems);
        }
    }

    @Test
    void eachProblemOfABlockIsReportedAtItsOwnLineOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("postern.conf"), """
                mail {
                  rules {
                    a = maybe
                    b = perhaps
                  }
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """);
        LoadedModule rules = LoadedModule.inProcess(new RulesModule(),
                new ModuleDescriptor("rules", "1.0", SpiVersion.current(), "test"));

        assertThatThrownBy(() -> Postern.configure(file, dir, null, List.of(rules)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: rules.a: maybe (expected: allow or deny)\n"
                        + file + ":4: rules.b: perhaps (expected: allow or deny)");
    }

    @Test
    void anUnknownHandlerInPhasesIsReportedAtItsLine() throws Exception {
        Path file = Files.writeString(dir.resolve("postern.conf"), """
                phases {
                  auth = [jsno]
                }
                mail {
                  servers { imap { protocol = imap, listen = "127.0.0.1:0", cache_size = 1 } }
                }
                """);

        assertThatThrownBy(() -> Postern.configure(file, dir, null, List.of(cacheModule())))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2: phases.auth: no handler named \"jsno\" (registered: json)");
    }
}
