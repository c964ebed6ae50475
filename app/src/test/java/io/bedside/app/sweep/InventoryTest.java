package io.bedside.app.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inventories as teams keep them. The INI and YAML shapes follow Ansible's documented inventory
 * format (groups, :children, :vars, host ranges, behavioural parameters ansible_host, ansible_port,
 * ansible_user, ansible_ssh_common_args); the ssh_config one OpenSSH's Host lines.
 */
class InventoryTest {
    @TempDir
    Path dir;

    private Inventory read(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return Inventory.read(f);
    }

    private static Target named(Inventory inv, String name) {
        return inv.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + inv.targets()));
    }

    @Test
    void ansibleIniWithRangesChildrenAndVars() throws Exception {
        Inventory inv = read("hosts", """
                mail.example.com

                [webservers]
                www[01:03].example.com
                bastion-ok ansible_host=10.0.0.9 ansible_port=2222 ansible_user=ops   # a comment

                [dbservers]
                db-[a:c].example.com ansible_ssh_common_args='-o ProxyJump=jump.example -o ConnectTimeout=5'

                [dbservers:vars]
                ansible_user=postgres

                [prod:children]
                webservers
                dbservers

                [prod:vars]
                ansible_user=deploy
                ansible_port=22
                """);
        assertEquals(Inventory.Kind.ANSIBLE_INI, inv.kind());
        assertEquals(List.of("mail.example.com", "www01.example.com", "www02.example.com", "www03.example.com", "bastion-ok",
                "db-a.example.com", "db-b.example.com", "db-c.example.com"), inv.targets().stream().map(Target::name).toList());
        Target b = named(inv, "bastion-ok");
        assertEquals("10.0.0.9", b.address());
        assertEquals(OptionalInt.of(2222), b.port(), "the host's own var wins over its group's");
        assertEquals(Optional.of("ops"), b.user());
        Target db = named(inv, "db-b.example.com");
        assertEquals(Optional.of("jump.example"), db.jump());
        assertEquals(Map.of("ConnectTimeout", "5"), db.options());
        assertTrue(db.groups().containsAll(List.of("dbservers", "prod")), db.groups().toString());
        assertEquals(Optional.of("postgres"), db.user(), "the narrower group's var wins over the parent's");
        assertEquals(Optional.empty(), named(inv, "mail.example.com").user());

        assertEquals(List.of("www01.example.com", "www02.example.com", "www03.example.com", "bastion-ok"),
                inv.limit("webservers").stream().map(Target::name).toList());
        assertEquals(List.of("db-a.example.com", "db-c.example.com"),
                inv.limit("dbservers:!db-b*").stream().map(Target::name).toList());
        assertEquals(List.of("www02.example.com"), inv.limit("prod:&www02*").stream().map(Target::name).toList());
        assertEquals("--limit nothere selects no host of the inventory.",
                assertThrows(IllegalArgumentException.class, () -> inv.limit("nothere")).getMessage());
    }

    @Test
    void ansibleYamlWithNestedChildren() throws Exception {
        Inventory inv = read("inventory.yml", """
                all:
                  hosts:
                    mail.example.com:
                  children:
                    webservers:
                      hosts:
                        web[1:2].example.com:
                          ansible_port: 2200
                    east:
                      vars:
                        ansible_user: east-ops
                      children:
                        dbservers:
                          hosts:
                            db01.east:
                              ansible_host: 192.0.2.11
                              ansible_ssh_common_args: "-J bastion.east"
                """);
        assertEquals(Inventory.Kind.ANSIBLE_YAML, inv.kind());
        assertEquals(4, inv.targets().size(), inv.targets().toString());
        assertEquals(OptionalInt.of(2200), named(inv, "web2.example.com").port());
        Target db = named(inv, "db01.east");
        assertEquals("192.0.2.11", db.address());
        assertEquals(Optional.of("bastion.east"), db.jump());
        assertEquals(Optional.of("east-ops"), db.user(), "a var of a parent group reaches the host");
        assertEquals(List.of("db01.east"), inv.limit("east").stream().map(Target::name).toList());
    }

    @Test
    void sshConfigGivesItsConcreteAliases() throws Exception {
        Inventory inv = read("config", """
                Host *
                  ServerAliveInterval 30
                Host db-07 db-08 "db-09"
                  HostName 10.1.0.7
                Host=web-1
                Host *.internal !bastion.internal
                  ProxyJump bastion.internal
                Match host db-*
                  User dba
                host bastion
                """);
        assertEquals(Inventory.Kind.SSH_CONFIG, inv.kind());
        assertEquals(List.of("db-07", "db-08", "db-09", "web-1", "bastion"), inv.targets().stream().map(Target::name).toList());
        assertEquals(List.of("db-07", "db-08"), inv.hosts("db-0[78]*,db-07,db-08").stream().map(Target::name).toList());
        assertEquals(List.of("db-07", "db-08", "db-09"), inv.hosts("db-*").stream().map(Target::name).toList());

        // its aliases mean what that file says: it is the -F file, unless the command line gave one
        var none = new io.bedside.model.ssh.SshOptions(java.util.Optional.empty(), java.util.OptionalInt.of(2222),
                java.util.Optional.of("ops"), List.of(), java.util.Optional.empty(), java.util.Map.of("ConnectTimeout", "5"));
        var under = inv.sshOptions(java.nio.file.Path.of("/etc/fleet/config"), none);
        assertEquals(java.util.Optional.of("/etc/fleet/config"), under.configFile());
        assertEquals(none.port(), under.port());
        assertEquals(none.user(), under.user());
        assertEquals(none.options(), under.options());
        var given = new io.bedside.model.ssh.SshOptions(java.util.Optional.of("/home/me/.ssh/config"), java.util.OptionalInt.empty(),
                java.util.Optional.empty(), List.of(), java.util.Optional.empty(), java.util.Map.of());
        assertEquals(given, inv.sshOptions(java.nio.file.Path.of("/etc/fleet/config"), given));
    }

    @Test
    void aPlainListOfHostNames() throws Exception {
        Inventory inv = read("fleet.txt", "# the fleet\ndb-07\ndb-08, db-09\n\nweb-[1:3]\n");
        assertEquals(Inventory.Kind.HOST_LIST, inv.kind());
        assertEquals(List.of("db-07", "db-08", "db-09", "web-1", "web-2", "web-3"), inv.targets().stream().map(Target::name).toList());
    }

    @Test
    void whatCannotBeAnInventoryIsOneSentence() throws Exception {
        assertEquals(dir.resolve("h1") + " line 2: '-oProxyCommand=touch' cannot be a host name.",
                assertThrows(IOException.class, () -> read("h1", "[db]\n-oProxyCommand=touch x\n")).getMessage());
        assertTrue(assertThrows(IOException.class, () -> read("h2", "[db]\ndb-01 ansible_port=ssh\n")).getMessage()
                .endsWith(": ansible_port of db-01 is 'ssh', not a port number."));
        assertTrue(assertThrows(IOException.class, () -> read("h3", "[db]\ndb-[1:9999999]\n")).getMessage()
                .contains("larger than 100000 hosts"));
        assertTrue(assertThrows(IOException.class, () -> read("h4", "[db]\ndb-01 ansible_ssh_common_args='-o ProxyJump=x\n"))
                .getMessage().endsWith("line 2: a quote is not closed."));
        assertTrue(assertThrows(IOException.class, () -> read("bad.yml", "all:\n  hosts: [\n")).getMessage()
                .startsWith(dir.resolve("bad.yml") + " is not YAML that can be read"));
        assertTrue(assertThrows(IOException.class, () -> read("h5", "[db:nothing]\n")).getMessage().contains("is not a group"));
        assertTrue(assertThrows(IOException.class, () -> Inventory.read(dir.resolve("absent"))).getMessage().endsWith("is not a file."));
    }
}
