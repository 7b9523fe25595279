package keywatch.server.respond;

/** No response has this id. */
public final class UnknownResponseException extends IllegalArgumentException {
  public UnknownResponseException(String id) {
    super("no response " + id);
  }
}
