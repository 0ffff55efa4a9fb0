package dev.levier.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that sends prepared requests and reads each answer to its end,
 * keeping only the status.
 *
 * <p>A load generator on the same two cores as the server takes CPU from it, so this client is
 * deliberately small: the request is a prepared byte array, and the answer is read from one reused
 * buffer without building strings or header maps. It reads a body of known length or a chunked one,
 * which is all a Vert.x server sends.
 */
final class HttpConnection implements AutoCloseable {
  private static final byte[] CONTENT_LENGTH =
      "content-length:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRANSFER_ENCODING =
      "transfer-encoding:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONNECTION = "connection:".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private int lineLength;

  private HttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  static HttpConnection open(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(30_000);
      return new HttpConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends one request and reads the whole answer.
   *
   * @param request a complete HTTP/1.1 request without a body
   * @return the status code of the answer
   * @throws IOException if the connection fails, or the answer is not HTTP/1.1 or asks to close the
   *     connection (which would make later figures measure connection set-up)
   */
  int exchange(byte[] request) throws IOException {
    return exchange(request, request.length);
  }

  /**
   * Sends the first {@code length} bytes of {@code request}, one complete HTTP/1.1 request (with
   * its body, if any), and reads the whole answer.
   *
   * @return the status code of the answer
   * @throws IOException as {@link #exchange(byte[])}
   */
  int exchange(byte[] request, int length) throws IOException {
    out.write(request, 0, length);
    out.flush();
    readLine();
    if (lineLength < 12 || !startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 status line: " + lineText());
    }
    int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    while (true) {
      readLine();
      if (lineLength == 0) {
        break;
      }
      if (startsWithIgnoreCase(CONTENT_LENGTH)) {
        contentLength = Long.parseLong(valueText(CONTENT_LENGTH.length));
      } else if (startsWithIgnoreCase(TRANSFER_ENCODING)) {
        chunked = valueText(TRANSFER_ENCODING.length).equalsIgnoreCase("chunked");
      } else if (startsWithIgnoreCase(CONNECTION)) {
        close = valueText(CONNECTION.length).equalsIgnoreCase("close");
      }
    }
    if (status == 204 || status == 304) {
      // No body, whatever the headers say (RFC 9110 §15.3.5): the bidder's no-bid is a 204.
    } else if (chunked) {
      skipChunkedBody();
    } else if (contentLength >= 0) {
      skip(contentLength);
    } else {
      throw new IOException("answer " + status + " has neither a length nor chunked encoding");
    }
    if (close) {
      throw new IOException("the server closed the keep-alive connection after " + status);
    }
    return status;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void skipChunkedBody() throws IOException {
    while (true) {
      readLine();
      int end = 0;
      while (end < lineLength && line[end] != ';' && line[end] != ' ') {
        end++;
      }
      long size = Long.parseLong(new String(line, 0, end, StandardCharsets.US_ASCII), 16);
      if (size == 0) {
        do {
          readLine(); // trailers, up to the empty line
        } while (lineLength > 0);
        return;
      }
      skip(size);
      readLine(); // the CRLF after the chunk
    }
  }

  private void skip(long count) throws IOException {
    long left = count;
    while (left > 0) {
      if (position == limit) {
        fill();
      }
      int step = (int) Math.min(left, limit - position);
      position += step;
      left -= step;
    }
  }

  /** Reads up to CRLF into {@link #line}, without the CRLF. */
  private void readLine() throws IOException {
    lineLength = 0;
    while (true) {
      if (position == limit) {
        fill();
      }
      byte b = buffer[position++];
      if (b == '\n') {
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        return;
      }
      if (lineLength == line.length) {
        if (line.length >= 64 * 1024) {
          throw new IOException("header line longer than 64 KiB");
        }
        line = java.util.Arrays.copyOf(line, line.length * 2);
      }
      line[lineLength++] = b;
    }
  }

  private void fill() throws IOException {
    int read = in.read(buffer, 0, buffer.length);
    if (read < 0) {
      throw new EOFException("the server closed the connection");
    }
    position = 0;
    limit = read;
  }

  private boolean startsWith(String prefix) {
    if (lineLength < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean startsWithIgnoreCase(byte[] lowerCasePrefix) {
    if (lineLength < lowerCasePrefix.length) {
      return false;
    }
    for (int i = 0; i < lowerCasePrefix.length; i++) {
      byte b = line[i];
      if (b >= 'A' && b <= 'Z') {
        b = (byte) (b + ('a' - 'A'));
      }
      if (b != lowerCasePrefix[i]) {
        return false;
      }
    }
    return true;
  }

  private String valueText(int from) {
    return new String(line, from, lineLength - from, StandardCharsets.US_ASCII).strip();
  }

  private String lineText() {
    return new String(line, 0, lineLength, StandardCharsets.US_ASCII);
  }
}
