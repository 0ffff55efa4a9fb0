package dev.levier.http;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/**
 * An output stream that appends to a Vert.x buffer, so that a body written by a generator goes to
 * the response without passing through a byte array first.
 */
public final class BufferOutput extends OutputStream {
  private final Buffer buffer;

  public BufferOutput(Buffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public void write(int b) {
    buffer.appendByte((byte) b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    buffer.appendBytes(bytes, offset, length);
  }
}
