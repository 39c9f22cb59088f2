package io.portico.plugins.acl;

import io.portico.plugin.ConfigException;
import io.portico.plugins.consumerauth.TestContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AclConfigTest {

    @Test
    void defaultsAndExactlyOneList() {
        var allow = new AclConfig(List.of("admins"), null, null, null);
        assertFalse(allow.denies());
        assertEquals(List.of("admins"), allow.groups());
        assertFalse(allow.hideGroupsHeader());
        assertFalse(allow.alwaysUseAuthenticatedGroups());
        var deny = new AclConfig(List.of(), List.of("banned"), true, null);
        assertTrue(deny.denies());
        assertEquals(List.of("banned"), deny.groups());

        var none = assertThrows(ConfigException.class, () -> new AclConfig(null, null, null, null));
        assertEquals("at least one of these fields must be non-empty: 'config.allow', 'config.deny'", none.reason());
        assertThrows(ConfigException.class, () -> new AclConfig(List.of(), List.of(), null, null));
        var both = assertThrows(ConfigException.class, () -> new AclConfig(List.of("a"), List.of("b"), null, null));
        assertEquals("exactly one of these fields must be non-empty: 'config.allow', 'config.deny'", both.reason());
        assertEquals("allow[1]", assertThrows(ConfigException.class,
                () -> new AclConfig(List.of("a", ""), null, null, null)).field());
    }

    @Test
    void aclEntriesNeedAGroupOncePerConsumer() {
        TestContext missing = new TestContext("acl").credential("alice", "acls", Map.of("tags", List.of()));
        var e = assertThrows(ConfigException.class,
                () -> new AclFactory().create(new AclConfig(List.of("a"), null, null, null), missing));
        assertEquals("acls[0].group", e.field());
        TestContext twice = new TestContext("acl")
                .credential("alice", "acls", Map.of("group", "a"))
                .credential("bob", "acls", Map.of("group", "a"))
                .credential("alice", "acls", Map.of("group", "a"));
        assertEquals("acls[1].group", assertThrows(ConfigException.class,
                () -> new AclFactory().create(new AclConfig(List.of("a"), null, null, null), twice)).field());
    }
}
