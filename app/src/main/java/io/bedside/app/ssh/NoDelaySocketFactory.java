package io.bedside.app.ssh;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Sockets with Nagle's algorithm off. A probe is a handful of small packets each way; with Nagle
 * on, each one can wait for a delayed ACK (40 ms on Linux), which made a loopback sample cost
 * 60 ms instead of a few.
 */
final class NoDelaySocketFactory extends SocketFactory {
    private static Socket tune(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return tune(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tune(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tune(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tune(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tune(new Socket(address, port, localAddress, localPort));
    }
}
