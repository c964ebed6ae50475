package io.bedside.model.ssh;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

final class KnownHostsTestSupport {
    private KnownHostsTestSupport() {
    }

    static String hmac(String saltB64, String host) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(saltB64), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(host.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
