package keywatch.trail.journal;

/** One durable record: its position in the trail's total order and its JSON bytes. */
public record JournalEntry(long sequence, byte[] payload) {}
