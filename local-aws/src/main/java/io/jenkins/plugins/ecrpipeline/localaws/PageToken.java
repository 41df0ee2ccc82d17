package io.jenkins.plugins.ecrpipeline.localaws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Key-based paging: a {@code nextToken} names the last key returned, so pages have neither gaps nor
 * duplicates even when items are added between calls. Tokens are bound to the operation and repository.
 */
final class PageToken {
    private PageToken() {
    }

    record Page<T>(List<T> items, String nextToken) {
    }

    /** One page of {@code sorted} (sorted by {@code key}) after the token's key. */
    static <T> Page<T> page(List<T> sorted, Function<T, String> key, String scope, String token, Integer maxResults) {
        int size = maxResults == null ? 100 : maxResults;
        if (size < 1 || size > 1000) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'maxResults' failed to satisfy constraint: "
                    + "'Member must have value less than or equal to 1000 and greater than or equal to 1'");
        }
        String after = token == null ? null : decode(token, scope);
        List<T> items = new ArrayList<>();
        for (T item : sorted) {
            if (after != null && key.apply(item).compareTo(after) <= 0) {
                continue;
            }
            if (items.size() == size) {
                return new Page<>(items, encode(scope, key.apply(items.get(items.size() - 1))));
            }
            items.add(item);
        }
        return new Page<>(items, null);
    }

    private static String encode(String scope, String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((scope + "\n" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String scope) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'nextToken': the token is not one this API returned");
        }
        int newline = text.indexOf('\n');
        if (newline < 0 || !text.substring(0, newline).equals(scope)) {
            throw AwsErrorException.invalidParameter("Invalid parameter at 'nextToken': the token belongs to another request");
        }
        return text.substring(newline + 1);
    }
}
