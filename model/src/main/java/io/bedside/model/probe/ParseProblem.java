package io.bedside.model.probe;

/**
 * A piece of probe output that did not parse. It is kept with the sample and shown to the
 * operator as unrecognized; it never becomes a silent zero.
 *
 * @param source  the section (source) it came from
 * @param line    the raw line, or empty when the whole source was at fault
 * @param message one sentence saying what was wrong
 */
public record ParseProblem(String source, String line, String message) {
}
