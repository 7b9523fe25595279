package keywatch.trail.journal;

/**
 * What opening the journal found.
 *
 * @param recordsRecovered complete records found in the segments on disk
 * @param bytesTruncated bytes of torn tail (a write cut short by a crash) that were cut off
 * @param nextSequence the sequence the next appended record gets
 */
public record JournalRecovery(long recordsRecovered, long bytesTruncated, long nextSequence) {}
