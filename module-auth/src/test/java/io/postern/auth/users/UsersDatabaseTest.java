package io.postern.auth.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.testkit.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersDatabaseTest {

    @TempDir
    Path dir;

    /** Writes the file with a modification time of its own, so each write is seen as a change. */
    private Path write(String content, int second) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + second)));
        return file;
    }

    @Test
    void reloadsAChangedFile() throws Exception {
        UsersDatabase users = UsersDatabase.load(write("alice:{PLAIN}a\n", 0));

        assertThat(users.reloadIfChanged()).isFalse();
        write("alice:{PLAIN}a\nbob:{PLAIN}b\n", 1);

        assertThat(users.reloadIfChanged()).isTrue();
        assertThat(users.find("bob")).isPresent();
        assertThat(users.size()).isEqualTo(2);
    }

    @Test
    void keepsTheOldUsersWhenTheNewFileIsBadAndLogsTheLineOnce() throws Exception {
        UsersDatabase users = UsersDatabase.load(write("alice:{PLAIN}a\n", 0));
        write("alice:{PLAIN}a\nbob\n", 1);

        try (LogCapture log = new LogCapture()) {
            assertThat(users.reloadIfChanged()).isFalse();
            assertThat(users.reloadIfChanged()).isFalse();

            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).singleElement().asString()
                    .contains("users:2: \"bob\"").contains("keeping the 1 users read before");
        }
        assertThat(users.find("alice")).isPresent();
        assertThat(users.find("bob")).isEmpty();

        write("alice:{PLAIN}a\nbob:{PLAIN}b\n", 2);
        assertThat(users.reloadIfChanged()).isTrue();
        assertThat(users.find("bob")).isPresent();
    }

    @Test
    void warnsOnceAboutPlainPasswordsWithoutPrintingThem() throws Exception {
        try (LogCapture log = new LogCapture()) {
            UsersDatabase.load(write("alice:{PLAIN}Pa55-alice\nbob:{PLAIN}Pa55-bob\ncarol:{SSHA256}"
                    + "IVN4sh+kejmrlAMxAvyYDe9bT2HKbcnkRD119uA7WfwBAgMEc2FsdHNhbHQ=\n", 0));

            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                    .contains(dir.resolve("users").toString()).contains("2 users have {PLAIN} passwords");
            assertThat(log.all()).doesNotContain("Pa55");
        }
    }
}
