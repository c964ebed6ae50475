package io.bedside.ui.sockets;

import io.bedside.model.text.HostText;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A box of the chain shows host text escaped, and keeps the line break between its two lines. */
class PipeChainTest {

    @Test
    void theBreakBetweenTitleAndDetailIsKeptAndHostTextInEitherIsEscaped() {
        PipeChain.Link reader = new PipeChain.Link(PipeChain.Kind.READER, "reader a\nb\u001b[31m", "pid 7, fd 3\r");
        assertEquals("reader a\\x0ab\\x1b[31m\npid 7, fd 3\\x0d", reader.shown(HostText::window));
        assertEquals("fd 4", new PipeChain.Link(PipeChain.Kind.FD, "fd 4", "").shown(HostText::window));
        assertEquals("reader a\nb\u001b[31m\npid 7, fd 3\r", reader.text(), "text() is the raw text, for the clipboard");
    }
}
