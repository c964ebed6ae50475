package io.bedside.model.ipc;

import io.bedside.model.probe.ParseProblem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Shared by the three /proc/sysvipc parsers: finds columns by the header's names (so a kernel
 * that adds or lacks a column is read correctly), splits rows on runs of blanks (a negative key
 * pushes the columns out of line) and turns every row that does not fit into a problem.
 */
final class SysvipcColumns {
    private SysvipcColumns() {
    }

    /** Reads one row; throws IllegalArgumentException with a short reason when a field is bad. */
    interface RowReader<R> {
        R read(Row row);
    }

    static <R> Optional<IpcTable<R>> parse(String source, String path, List<String> lines, List<String> required,
                                           List<ParseProblem> problems, RowReader<R> reader) {
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i == lines.size()) {
            problems.add(new ParseProblem(source, "", path + " was empty: not even its header line arrived."));
            return Optional.empty();
        }
        String header = lines.get(i);
        String[] names = Tokens.fields(header);
        if (!names[0].equals("key")) {
            problems.add(new ParseProblem(source, header, "Expected the header line of " + path + " (starting with 'key')."));
            return Optional.empty();
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < names.length; c++) {
            index.putIfAbsent(names[c], c);
        }
        List<String> missing = required.stream().filter(n -> !index.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            problems.add(new ParseProblem(source, header, "The header of " + path + " lacks the column(s) " + missing + "."));
            return Optional.empty();
        }
        List<R> rows = new ArrayList<>();
        for (i++; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = Tokens.fields(line);
            if (f.length != names.length) {
                problems.add(new ParseProblem(source, line, "Expected " + names.length + " fields as in the header of "
                        + path + ", found " + f.length + "; the row is not counted."));
                continue;
            }
            try {
                rows.add(reader.read(new Row(index, f, line)));
            } catch (IllegalArgumentException e) {
                problems.add(new ParseProblem(source, line, "Unrecognized row of " + path + ": " + e.getMessage()
                        + "; the row is not counted."));
            }
        }
        return Optional.of(new IpcTable<>(header, rows));
    }

    /** One split row with access by column name. */
    static final class Row {
        private final Map<String, Integer> index;
        private final String[] fields;
        final String line;

        Row(Map<String, Integer> index, String[] fields, String line) {
            this.index = index;
            this.fields = fields;
            this.line = line;
        }

        String text(String name) {
            return fields[index.get(name)];
        }

        int key() {
            try {
                return IpcKey.parseDecimal(text("key"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("key '" + text("key") + "' is not a 32-bit number");
            }
        }

        int integer(String name) {
            long v = number(name);
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " '" + text(name) + "' is out of range");
            }
            return (int) v;
        }

        /** A non-negative decimal. */
        long number(String name) {
            String s = text(name);
            if (!Tokens.digits(s, 19)) {
                throw new IllegalArgumentException(name + " '" + s + "' is not a non-negative number");
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " '" + s + "' is out of range");
            }
        }

        /** The perms column: octal, e.g. {@code 1600} = SHM_DEST | 0600. */
        int octal(String name) {
            String s = text(name);
            if (!Tokens.octal(s, 7)) {
                throw new IllegalArgumentException(name + " '" + s + "' is not an octal mode");
            }
            return Integer.parseInt(s, 8);
        }

        OptionalLong optionalNumber(String name) {
            return index.containsKey(name) ? OptionalLong.of(number(name)) : OptionalLong.empty();
        }
    }
}
