package io.taskgate.server.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The 32-byte key that encrypts secrets at rest. It comes from {@code TASKGATE_MASTER_KEY} (base64)
 * or from {@code master.key} in the data directory, a file only its owner may read, which the first
 * start creates. It never lives in the database.
 */
public final class MasterKey {

    /** The key file's name in the data directory. */
    public static final String FILE = "master.key";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_READ = PosixFilePermissions.fromString("r--------");

    private MasterKey() {}

    /**
     * The key from {@code fromEnvironment} if set, else from the data directory's file, created when
     * missing.
     *
     * @throws IllegalArgumentException with a message that says how to fix a bad value or file
     */
    public static byte[] load(Optional<String> fromEnvironment, Path dataDir, SecureRandom random) throws IOException {
        if (fromEnvironment.isPresent()) {
            return decode(fromEnvironment.get(), "TASKGATE_MASTER_KEY");
        }
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                return key;
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: read theirs below
            }
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions) || !permissions.containsAll(OWNER_READ)) {
            throw new IllegalArgumentException(file + " must be readable by its owner only: run `chmod 600 " + file + "`");
        }
        return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
    }

    private static byte[] decode(String value, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be base64 (for example from `openssl rand -base64 32`)");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(source + " must decode to 32 bytes, not " + key.length
                    + " (for example from `openssl rand -base64 32`)");
        }
        return key;
    }
}
