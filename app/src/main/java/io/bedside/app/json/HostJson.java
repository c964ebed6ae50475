package io.bedside.app.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bedside.model.text.HostText;

/**
 * The JSON medium of {@link HostText}: every JSON writer of Bedside is made here. Host text keeps
 * its exact characters, but those {@link HostText#jsonMustEscape} names are written as
 * {@code \}{@code uHHHH}: controls (Jackson's default too), DEL, C1 controls, bidi and zero-width
 * characters, line separators and every surrogate. A byte of invalid UTF-8 carried as a lone
 * surrogate (U+DC80..U+DCFF) would otherwise make the writer throw or be replaced by '?'; escaped,
 * it reads back as the same char, the file stays valid UTF-8 and the raw JSON harmless on a terminal.
 */
public final class HostJson {
    private HostJson() {
    }

    /** A new mapper whose output escapes host text as above. */
    public static ObjectMapper mapper() {
        JsonFactory f = new JsonFactory();
        f.setCharacterEscapes(new Escapes());
        return new ObjectMapper(f);
    }

    private static final class Escapes extends CharacterEscapes {
        private final int[] ascii;

        Escapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch > 0xffff || !HostText.jsonMustEscape((char) ch)) {
                return null;
            }
            return new SerializedString(String.format("\\u%04X", ch));
        }
    }
}
