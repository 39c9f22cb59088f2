package io.portico.plugin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest {
    @Test
    void matchesOnlyTheRightPassword() {
        String hash = PasswordHash.hash("s3cret");
        assertTrue(PasswordHash.isHash(hash));
        assertFalse(hash.contains("s3cret"));
        assertTrue(PasswordHash.matches("s3cret", hash));
        assertFalse(PasswordHash.matches("s3cret!", hash));
        assertFalse(PasswordHash.matches("", hash));
        assertFalse(PasswordHash.matches(null, hash));
        assertFalse(PasswordHash.matches("s3cret", "s3cret"), "a plain text is not a hash");
        assertNotEquals(hash, PasswordHash.hash("s3cret"), "every hash has its own salt");
    }
}
