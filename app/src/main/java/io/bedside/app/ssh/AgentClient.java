package io.bedside.app.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client for the OpenSSH agent protocol over the Unix socket named by SSH_AUTH_SOCK (the JDK's
 * Unix-domain sockets; sshj 0.40 has no agent client). It lists identities and asks the agent to
 * sign; private keys never leave the agent. Agent forwarding is never requested.
 */
final class AgentClient {
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;

    /** One key the agent holds. */
    record Identity(byte[] blob, String keyType, String comment) {
    }

    private final Path socket;

    AgentClient(Path socket) {
        this.socket = socket;
    }

    /** The agent named by IdentityAgent or SSH_AUTH_SOCK, if its socket exists. */
    static Optional<AgentClient> locate(Optional<String> identityAgent) {
        String path = identityAgent.orElse(null);
        if ("none".equalsIgnoreCase(path)) {
            return Optional.empty();
        }
        if (path == null || path.equals("SSH_AUTH_SOCK")) {
            path = System.getenv("SSH_AUTH_SOCK");
        }
        if (path == null || path.isBlank() || !Files.exists(Path.of(path))) {
            return Optional.empty();
        }
        return Optional.of(new AgentClient(Path.of(path)));
    }

    List<Identity> identities() throws IOException {
        ByteBuffer reply = call(new byte[]{REQUEST_IDENTITIES});
        if (reply.get() != IDENTITIES_ANSWER) {
            throw new IOException("The ssh-agent did not list its keys.");
        }
        int n = reply.getInt();
        List<Identity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] blob = string(reply);
            String comment = new String(string(reply), StandardCharsets.UTF_8);
            String type = new String(string(ByteBuffer.wrap(blob)), StandardCharsets.US_ASCII);
            out.add(new Identity(blob, type, comment));
        }
        return out;
    }

    /** Returns the signature blob (string algorithm, string signature) as the agent encodes it. */
    byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
        ByteBuffer req = ByteBuffer.allocate(1 + 4 + keyBlob.length + 4 + data.length + 4);
        req.put(SIGN_REQUEST).putInt(keyBlob.length).put(keyBlob).putInt(data.length).put(data).putInt(flags);
        ByteBuffer reply = call(req.array());
        if (reply.get() != SIGN_RESPONSE) {
            throw new IOException("The ssh-agent refused to sign with this key.");
        }
        return string(reply);
    }

    private ByteBuffer call(byte[] message) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + message.length);
            out.putInt(message.length).put(message).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer len = readFully(ch, 4);
            int n = len.getInt();
            if (n <= 0 || n > 256 * 1024) {
                throw new IOException("The ssh-agent sent a malformed reply.");
            }
            return readFully(ch, n);
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("The ssh-agent closed the connection.");
            }
        }
        b.flip();
        return b;
    }

    private static byte[] string(ByteBuffer b) throws IOException {
        if (b.remaining() < 4) {
            throw new IOException("The ssh-agent sent a truncated reply.");
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IOException("The ssh-agent sent a truncated reply.");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
