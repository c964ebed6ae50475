package io.bedside.model.ssh;

import io.bedside.model.Fixtures;
import io.bedside.model.ssh.EffectiveSshConfig.StrictHostKeyChecking;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshConfigParserTest {

    @Test
    void readsCapturedSshGOutput() {
        EffectiveSshConfig c = SshConfigParser.fromSshG(Fixtures.text("ssh/ssh-G-debian12.txt").lines().toList(),
                "db-07", "/root", "root");
        assertEquals("db-07", c.hostName());
        assertEquals(22, c.port());
        assertEquals("deploy", c.user());
        assertEquals(List.of("a", "b"), c.proxyJump());
        assertEquals(StrictHostKeyChecking.ACCEPT_NEW, c.strictHostKeyChecking());
        assertTrue(c.hashKnownHosts());
        assertTrue(c.identityFiles().contains("/root/.ssh/id_ed25519"));
        assertEquals(List.of("/root/.ssh/known_hosts", "/root/.ssh/known_hosts2"), c.userKnownHostsFiles());
        assertTrue(c.connectTimeout().isEmpty());
        assertEquals("db-07", c.knownHostsName());
    }

    @Test
    void configFileWithoutSshClient() {
        List<String> cfg = List.of(
                "# lab",
                "Host db-*",
                "    User deploy",
                "    Port 2222",
                "Host db-07 !db-08",
                "    HostName 10.1.2.7",
                "    User ignored-because-first-wins",
                "    ProxyJump bastion,inner",
                "    IdentityFile ~/.ssh/prod_ed25519",
                "    ServerAliveInterval 4",
                "    ConnectTimeout=7",
                "    StrictHostKeyChecking yes",
                "Host *",
                "    UserKnownHostsFile ~/.ssh/kh",
                "Match host foo",
                "    User matched");
        List<String> warnings = new ArrayList<>();
        EffectiveSshConfig c = SshConfigParser.fromConfigFile(cfg, "db-07", "/home/me", "me", warnings);
        assertEquals("10.1.2.7", c.hostName());
        assertEquals("deploy", c.user());
        assertEquals(2222, c.port());
        assertEquals(List.of("bastion", "inner"), c.proxyJump());
        assertEquals(List.of("/home/me/.ssh/prod_ed25519"), c.identityFiles());
        assertEquals(Duration.ofSeconds(4), c.serverAliveInterval());
        assertEquals(Duration.ofSeconds(7), c.connectTimeout().orElseThrow());
        assertEquals(StrictHostKeyChecking.YES, c.strictHostKeyChecking());
        assertEquals(List.of("/home/me/.ssh/kh"), c.userKnownHostsFiles());
        assertEquals("[10.1.2.7]:2222", c.knownHostsName());
        assertEquals(1, warnings.size());

        EffectiveSshConfig other = SshConfigParser.fromConfigFile(cfg, "web-1", "/home/me", "me", new ArrayList<>());
        assertEquals("web-1", other.hostName());
        assertEquals("me", other.user());
        assertEquals(22, other.port());
        assertTrue(other.proxyJump().isEmpty());
        assertEquals(3, other.identityFiles().size());
        assertEquals(StrictHostKeyChecking.ASK, other.strictHostKeyChecking());
    }

    @Test
    void aliasesSkipPatterns() {
        assertEquals(List.of("db-07", "bastion"), SshConfigParser.aliases(List.of("Host db-07 db-* !x", "Host=bastion", "Host *")));
    }

    @Test
    void hostSpecs() {
        HostSpec a = HostSpec.parse("deploy@db-07:2222");
        assertEquals("deploy", a.user().orElseThrow());
        assertEquals("db-07", a.host());
        assertEquals(2222, a.port().getAsInt());
        HostSpec v6 = HostSpec.parse("root@[fe80::1]:22");
        assertEquals("fe80::1", v6.host());
        HostSpec bareV6 = HostSpec.parse("fe80::1");
        assertEquals("fe80::1", bareV6.host());
        assertFalse(bareV6.port().isPresent());
        assertEquals("lab-default", HostSpec.parse("lab-default").host());
        assertThrows(IllegalArgumentException.class, () -> HostSpec.parse("db:99999"));
        assertThrows(IllegalArgumentException.class, () -> HostSpec.parse("@db"));
        assertThrows(IllegalArgumentException.class, () -> HostSpec.parse("two words"));
        assertThrows(IllegalArgumentException.class, () -> HostSpec.parse(" "));
        assertEquals("-p", new SshOptions(java.util.Optional.empty(), java.util.OptionalInt.empty(), java.util.Optional.empty(),
                List.of(), java.util.Optional.empty(), java.util.Map.of()).toSshArguments(a).get(0));
    }
}
