package io.taskgate.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path dir;

    @Test
    void firstStart_createsAnOwnerOnlyFile_andLaterStartsReuseIt() throws Exception {
        byte[] first = MasterKey.load(Optional.empty(), dir, new SecureRandom());
        Path file = dir.resolve(MasterKey.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(first).hasSize(32);
        assertThat(MasterKey.load(Optional.empty(), dir, new SecureRandom())).isEqualTo(first);
    }

    @Test
    void aFileOthersCanRead_isRefused_withTheFix() throws Exception {
        MasterKey.load(Optional.empty(), dir, new SecureRandom());
        Path file = dir.resolve(MasterKey.FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MasterKey.load(Optional.empty(), dir, new SecureRandom()))
                .hasMessage(file + " must be readable by its owner only: run `chmod 600 " + file + "`");
    }

    @Test
    void theEnvironment_winsOverTheFile_andIsChecked() throws Exception {
        byte[] key = new byte[32];
        key[3] = 7;
        assertThat(MasterKey.load(Optional.of(Base64.getEncoder().encodeToString(key)), dir, new SecureRandom())).isEqualTo(key);
        assertThat(Files.exists(dir.resolve(MasterKey.FILE))).isFalse();
        assertThatThrownBy(() -> MasterKey.load(Optional.of("not base64!"), dir, new SecureRandom()))
                .hasMessage("TASKGATE_MASTER_KEY must be base64 (for example from `openssl rand -base64 32`)");
        assertThatThrownBy(() -> MasterKey.load(Optional.of(Base64.getEncoder().encodeToString(new byte[16])), dir,
                new SecureRandom())).hasMessageContaining("must decode to 32 bytes, not 16");
    }
}
