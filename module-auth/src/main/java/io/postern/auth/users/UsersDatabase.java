package io.postern.auth.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of one file, swapped atomically when the file changes. Readers on event loops see
 * one immutable {@link UsersFile} at a time; {@link #reloadIfChanged()} runs on the module's
 * scheduler. A file that no longer parses keeps the users from before and logs why.
 *
 * <p>{@code postern -s reload} does not exist yet; until it does, a change is noticed by
 * polling the file's modification time and size.
 */
final class UsersDatabase {

    private static final Logger log = LoggerFactory.getLogger(UsersDatabase.class);

    private final Path path;
    private volatile Users current;
    /** What the file looked like when last read, good or bad, so a bad file is reported once. */
    private FileStamp seen;

    private UsersDatabase(Path path, UsersFile current, FileStamp seen) {
        this.path = path;
        this.current = Users.of(current);
        this.seen = seen;
    }

    /**
     * Reads the file for the first time.
     *
     * @throws IllegalArgumentException naming the file and the line when it cannot be used
     */
    static UsersDatabase load(Path path) {
        Objects.requireNonNull(path, "path");
        FileStamp stamp = FileStamp.of(path).orElse(null);
        UsersFile file = UsersFile.read(path);
        warnAboutPlain(file);
        return new UsersDatabase(path, file, stamp);
    }

    Path path() {
        return path;
    }

    Optional<UserEntry> find(String login) {
        return Optional.ofNullable(current.file().users().get(login));
    }

    /** The hash an unknown login's password is checked against: see {@link DummyHash}. */
    PasswordHash dummy() {
        return current.dummy();
    }

    int size() {
        return current.file().users().size();
    }

    /** Re-reads the file when its time or size changed; returns whether new users are in force. */
    synchronized boolean reloadIfChanged() {
        Optional<FileStamp> stamp = FileStamp.of(path);
        if (stamp.isEmpty() || stamp.get().equals(seen)) {
            return false; // a file that vanished mid-edit keeps the users we have
        }
        seen = stamp.get();
        UsersFile file;
        try {
            file = UsersFile.read(path);
        } catch (IllegalArgumentException e) {
            log.error("{}; keeping the {} users read before", e.getMessage(), size());
            return false;
        }
        current = Users.of(file);
        warnAboutPlain(file);
        log.info("auth_users: {}: reloaded, {} users", path, file.users().size());
        return true;
    }

    private static void warnAboutPlain(UsersFile file) {
        if (file.plainCount() > 0) {
            log.warn("auth_users: {}: {} users have {PLAIN} passwords; store hashes instead"
                    + " (java -cp modules/module-auth-*.jar io.postern.auth.users.PasswdTool LOGIN)",
                    file.path(), file.plainCount());
        }
    }

    /** A file's users and their dummy hash, swapped together. */
    private record Users(UsersFile file, PasswordHash dummy) {
        static Users of(UsersFile file) {
            return new Users(file, DummyHash.forUsers(file.users().values()));
        }
    }

    /** A file's modification time and size: a cheap sign that it changed. */
    record FileStamp(long modifiedMillis, long size) {
        static Optional<FileStamp> of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return Optional.of(new FileStamp(attributes.lastModifiedTime().toMillis(), attributes.size()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
