package keywatch.watch.pattern;

import java.util.List;
import java.util.Objects;

/** An expression inside a JSON pattern's braces. And/Or are kept flat (n-ary). */
public sealed interface JsonExpr
    permits JsonExpr.And, JsonExpr.Or, JsonExpr.Compare, JsonExpr.Check {

  record And(List<JsonExpr> parts) implements JsonExpr {
    public And {
      parts = List.copyOf(parts);
    }
  }

  record Or(List<JsonExpr> parts) implements JsonExpr {
    public Or {
      parts = List.copyOf(parts);
    }
  }

  /** {@code selector op value}. */
  record Compare(Selector selector, Operator operator, Value value) implements JsonExpr {
    public Compare {
      Objects.requireNonNull(selector, "selector");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code selector IS NULL | IS TRUE | IS FALSE | NOT EXISTS}. */
  record Check(Selector selector, Kind kind) implements JsonExpr {
    public Check {
      Objects.requireNonNull(selector, "selector");
      Objects.requireNonNull(kind, "kind");
    }

    public enum Kind {
      IS_NULL("IS NULL"),
      IS_TRUE("IS TRUE"),
      IS_FALSE("IS FALSE"),
      NOT_EXISTS("NOT EXISTS");

      private final String spelling;

      Kind(String spelling) {
        this.spelling = spelling;
      }

      public String spelling() {
        return spelling;
      }
    }
  }
}
