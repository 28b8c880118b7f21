package dev.herald.channel.smpp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.socket.SocketConnection;

/**
 * A socket connection that holds back the end of its stream (or a read failure) until the bind on it has been
 * answered. An SMSC that refuses a bind typically sends its bind_resp and closes the socket at once. jSMPP 3.0.2
 * (the latest release) reads the bind_resp, queues it for processing, reads the end of the stream and closes the
 * session; when the close wins that race, the queued bind_resp meets a closed session and is dropped, and the
 * bind waits for its timeout instead of reporting the SMSC's status. Held back, the end comes after the bind_resp
 * was handled, every time.
 */
final class BindFirstConnection implements Connection {

    private final SocketConnection socket;
    private final InputStream in;
    private final CountDownLatch bindAnswered = new CountDownLatch(1);
    private final Duration maxHold;

    /** @param maxHold the longest the end of the stream is held back: the bind's own timeout */
    BindFirstConnection(Socket socket, Duration maxHold) throws IOException {
        this.socket = new SocketConnection(socket);
        this.maxHold = maxHold;
        this.in = new FilterInputStream(this.socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                try {
                    int read = super.read();
                    return read < 0 ? heldBack(read) : read;
                } catch (SocketTimeoutException e) {
                    throw e;
                } catch (IOException e) {
                    heldBack(0);
                    throw e;
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    int read = super.read(buffer, offset, length);
                    return read < 0 ? heldBack(read) : read;
                } catch (SocketTimeoutException e) {
                    // The idle timer, not the end: jSMPP sends an enquire_link.
                    throw e;
                } catch (IOException e) {
                    heldBack(0);
                    throw e;
                }
            }
        };
    }

    /** The bind on this connection is over (bound, refused or timed out): the end of the stream may be seen. */
    void bindAnswered() {
        bindAnswered.countDown();
    }

    private int heldBack(int result) {
        try {
            bindAnswered.await(maxHold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return socket.getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) throws IOException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public void close() {
        socket.close();
    }
}
