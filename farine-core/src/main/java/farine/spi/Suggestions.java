package farine.spi;

import java.util.Collection;
import java.util.Optional;

/** "did you mean concurrency?": the known word closest to a misspelt one, by edit distance. */
public final class Suggestions {

    private Suggestions() {
    }

    /** The candidate nearest to {@code word} (at most 2 edits, and fewer than half its length), if any. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word, candidate);
            if (d < bestDistance || d == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance > 0 && bestDistance <= Math.min(2, (word.length() - 1) / 2)
                ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
