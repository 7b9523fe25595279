package keywatch.trail.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fail-closed: once the disk fails, no append is acknowledged until the journal is reopened. */
class JournalFailureTest {
  @TempDir Path dir;

  /** A segment channel whose fsync fails once {@code broken} is set. */
  static final class FailingChannel extends FileChannel {
    private final FileChannel delegate;
    private final AtomicBoolean broken;

    FailingChannel(FileChannel delegate, AtomicBoolean broken) {
      this.delegate = delegate;
      this.broken = broken;
    }

    @Override public void force(boolean metaData) throws IOException {
      if (broken.get()) {
        throw new IOException("simulated: fsync failed (EIO)");
      }
      delegate.force(metaData);
    }

    @Override public int write(ByteBuffer src) throws IOException { return delegate.write(src); }
    @Override public int read(ByteBuffer dst) throws IOException { return delegate.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return delegate.read(dsts, offset, length); }
    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { return delegate.write(srcs, offset, length); }
    @Override public long position() throws IOException { return delegate.position(); }
    @Override public FileChannel position(long newPosition) throws IOException { delegate.position(newPosition); return this; }
    @Override public long size() throws IOException { return delegate.size(); }
    @Override public FileChannel truncate(long size) throws IOException { delegate.truncate(size); return this; }
    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return delegate.transferTo(position, count, target); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return delegate.transferFrom(src, position, count); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return delegate.read(dst, position); }
    @Override public int write(ByteBuffer src, long position) throws IOException { return delegate.write(src, position); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return delegate.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return delegate.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return delegate.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { delegate.close(); }
  }

  @Test
  void afterAFailedFsyncEveryAppendFailsUntilReopened() throws Exception {
    AtomicBoolean broken = new AtomicBoolean();
    Journal.SegmentOpener opener = segment -> new FailingChannel(
        FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE), broken);
    try (Journal journal = Journal.open(dir, 0, b -> {}, opener)) {
      assertThat(journal.append("{\"ok\":1}".getBytes(StandardCharsets.UTF_8))).isZero();
      broken.set(true);
      assertThatThrownBy(() -> journal.append("{\"lost\":1}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IOException.class);
      broken.set(false); // the disk "recovers", but nothing is known about what reached it
      assertThatThrownBy(() -> journal.append("{\"after\":1}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
      assertThat(journal.failed()).isTrue();
    }
    try (Journal reopened = Journal.open(dir, 0, b -> {})) {
      assertThat(reopened.append("{\"again\":1}".getBytes(StandardCharsets.UTF_8))).isGreaterThanOrEqualTo(1);
    }
  }
}
