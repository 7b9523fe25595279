package keywatch.watch.pattern;

import java.util.List;

/**
 * Prints an AST back to pattern text in a canonical form: strings always double-quoted,
 * single spaces, parentheses only where precedence needs them. For every pattern {@code p},
 * {@code parse(print(parse(p)))} equals {@code parse(p)}.
 */
public final class PatternPrinter {
  private PatternPrinter() {}

  public static String print(PatternNode node) {
    StringBuilder sb = new StringBuilder();
    if (node instanceof PatternNode.MatchAll) {
      return "";
    } else if (node instanceof PatternNode.TextPattern t) {
      List<TextTerm> terms = t.terms();
      for (int i = 0; i < terms.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        TextTerm term = terms.get(i);
        if (term.kind() == TextTerm.Kind.OPTIONAL) {
          sb.append('?');
        } else if (term.kind() == TextTerm.Kind.EXCLUDED) {
          sb.append('-');
        }
        quote(sb, term.text());
      }
    } else if (node instanceof PatternNode.RegexPattern r) {
      sb.append('%').append(r.regex()).append('%');
    } else if (node instanceof PatternNode.DelimitedPattern d) {
      sb.append('[');
      List<DelimitedField> fields = d.fields();
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        field(sb, fields.get(i));
      }
      sb.append(']');
    } else if (node instanceof PatternNode.JsonPattern j) {
      sb.append("{ ");
      json(sb, j.expression(), false);
      sb.append(" }");
    }
    return sb.toString();
  }

  public static String print(Selector selector) {
    StringBuilder sb = new StringBuilder();
    selector(sb, selector);
    return sb.toString();
  }

  private static void field(StringBuilder sb, DelimitedField f) {
    if (f instanceof DelimitedField.Named n) {
      sb.append(n.name());
      n.condition().ifPresent(c -> condition(sb, n.name(), c, true));
    } else {
      sb.append("...");
    }
  }

  /** The field name is already printed before the first comparison; later ones repeat it. */
  private static void condition(StringBuilder sb, String name, FieldCondition c, boolean first) {
    if (c instanceof FieldCondition.Compare cmp) {
      if (!first) {
        sb.append(name);
      }
      sb.append(' ').append(cmp.operator().symbol()).append(' ');
      value(sb, cmp.value());
    } else if (c instanceof FieldCondition.All all) {
      for (int i = 0; i < all.parts().size(); i++) {
        if (i > 0) {
          sb.append(" && ");
        }
        condition(sb, name, all.parts().get(i), first && i == 0);
      }
    } else if (c instanceof FieldCondition.Any any) {
      for (int i = 0; i < any.parts().size(); i++) {
        if (i > 0) {
          sb.append(" || ");
        }
        condition(sb, name, any.parts().get(i), first && i == 0);
      }
    }
  }

  private static void json(StringBuilder sb, JsonExpr e, boolean insideAnd) {
    if (e instanceof JsonExpr.Or or) {
      if (insideAnd) {
        sb.append('(');
      }
      for (int i = 0; i < or.parts().size(); i++) {
        if (i > 0) {
          sb.append(" || ");
        }
        json(sb, or.parts().get(i), false);
      }
      if (insideAnd) {
        sb.append(')');
      }
    } else if (e instanceof JsonExpr.And and) {
      for (int i = 0; i < and.parts().size(); i++) {
        if (i > 0) {
          sb.append(" && ");
        }
        json(sb, and.parts().get(i), true);
      }
    } else if (e instanceof JsonExpr.Compare cmp) {
      selector(sb, cmp.selector());
      sb.append(' ').append(cmp.operator().symbol()).append(' ');
      value(sb, cmp.value());
    } else if (e instanceof JsonExpr.Check chk) {
      selector(sb, chk.selector());
      sb.append(' ').append(chk.kind().spelling());
    }
  }

  private static void selector(StringBuilder sb, Selector s) {
    sb.append('$');
    for (Selector.Step step : s.steps()) {
      if (step instanceof Selector.Step.Property p) {
        if (isPlainName(p.name())) {
          sb.append('.').append(p.name());
        } else {
          sb.append(".['");
          for (int i = 0; i < p.name().length(); i++) {
            char c = p.name().charAt(i);
            if (c == '\'' || c == '\\') {
              sb.append('\\');
            }
            sb.append(c);
          }
          sb.append("']");
        }
      } else if (step instanceof Selector.Step.Index ix) {
        sb.append('[').append(ix.index()).append(']');
      } else if (step instanceof Selector.Step.AnyChild) {
        sb.append(".*");
      } else {
        sb.append("[*]");
      }
    }
  }

  private static boolean isPlainName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Lexer.isNameChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static void value(StringBuilder sb, Value v) {
    if (v instanceof Value.StringValue s) {
      quote(sb, s.text());
    } else if (v instanceof Value.NumberValue n) {
      sb.append(n.literal());
    } else if (v instanceof Value.RegexValue r) {
      sb.append('%').append(r.regex()).append('%');
    }
  }

  private static void quote(StringBuilder sb, String text) {
    sb.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    sb.append('"');
  }
}
