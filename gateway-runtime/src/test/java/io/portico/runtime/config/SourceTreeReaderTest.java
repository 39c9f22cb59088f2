package io.portico.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tree keeps the line of each node, and refuses what a plain Jackson tree would hide. */
class SourceTreeReaderTest {

    private static SourceTree read(String text, Problems problems) throws ConfigValidationException {
        return SourceTreeReader.read(text, "test", problems);
    }

    @Test
    void linesOfKeysAndElements() throws Exception {
        SourceTree tree = read("""
                # a comment
                a:
                  b: 1
                  list:
                  - x
                  -
                    y: 2
                """, new Problems());
        NodePath list = NodePath.ROOT.key("a").key("list");
        assertEquals(2, tree.lineOf(NodePath.ROOT.key("a")));
        assertEquals(3, tree.lineOf(NodePath.ROOT.key("a").key("b")));
        assertEquals(5, tree.lineOf(list.index(0)));
        assertEquals(7, tree.lineOf(list.index(1).key("y")));
        // an absent node gets its nearest ancestor's line
        assertEquals(3, tree.lineOf(NodePath.ROOT.key("a").key("b").key("missing")));
        assertEquals(2, tree.node(list.index(1).key("y")).asInt());
    }

    @Test
    void jsonKeepsLinesToo() throws Exception {
        SourceTree tree = read("{\n  \"a\": [\n    1,\n    {\"b\": true}\n  ]\n}\n", new Problems());
        assertEquals(4, tree.lineOf(NodePath.ROOT.key("a").index(1).key("b")));
        assertTrue(tree.node(NodePath.ROOT.key("a").index(1).key("b")).asBoolean());
    }

    @Test
    void duplicateKeysAreReportedAndTheFirstKept() throws Exception {
        Problems problems = new Problems();
        SourceTree tree = read("a: 1\nb:\n  c: 2\n  c: {d: 3}\na: 4\n", problems);
        assertEquals(1, tree.node(NodePath.ROOT.key("a")).asInt());
        assertEquals(2, tree.node(NodePath.ROOT.key("b").key("c")).asInt());
        assertEquals(2, problems.count());
        assertEquals(new ConfigError("b", "c", 4, "duplicate key; it is already set at line 3"),
                problems.inFileOrder().get(0));
        assertEquals(new ConfigError("top level", "a", 5, "duplicate key; it is already set at line 1"),
                problems.inFileOrder().get(1));
    }

    @Test
    void anchorsAliasesAndMergeKeys() throws Exception {
        Problems problems = new Problems();
        SourceTree tree = read("""
                base: &base
                  x: 1
                  y: 2
                copy: *base
                merged:
                  <<: *base
                  y: 3
                """, problems);
        assertTrue(problems.isEmpty());
        assertEquals(1, tree.node(NodePath.ROOT.key("copy").key("x")).asInt());
        assertEquals(1, tree.node(NodePath.ROOT.key("merged").key("x")).asInt());
        assertEquals(3, tree.node(NodePath.ROOT.key("merged").key("y")).asInt(), "written keys win");
        assertEquals(6, tree.lineOf(NodePath.ROOT.key("merged").key("x")), "merged keys get the merge line");
        assertEquals(4, tree.lineOf(NodePath.ROOT.key("copy").key("x")), "alias contents get the alias line");
    }

    @Test
    void secondDocumentIsReported() throws Exception {
        Problems problems = new Problems();
        read("a: 1\n---\nb: 2\n", problems);
        assertEquals(3, problems.inFileOrder().get(0).line());
        assertTrue(problems.inFileOrder().get(0).message().contains("more than one YAML document"));
    }

    @Test
    void syntaxErrorEndsReadingWithItsLine() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> read("a: [1, 2\nb: 3\n", new Problems()));
        ConfigError error = e.errors().get(0);
        assertTrue(error.line() >= 2, error.toString());
        assertTrue(error.message().startsWith("not valid YAML: "), error.message());
        assertTrue(!error.message().contains("\n"), "one line: " + error.message());
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        SourceTree tree = read("\uFEFF{\"a\": 1}", new Problems());
        assertEquals(1, tree.node(NodePath.ROOT.key("a")).asInt());
    }

    @Test
    void emptyTextGivesAMissingRoot() throws Exception {
        assertTrue(read("# nothing\n", new Problems()).root().isMissingNode());
    }
}
