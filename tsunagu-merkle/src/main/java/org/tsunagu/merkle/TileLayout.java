package org.tsunagu.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the C2SP {@code tlog-tiles} layout puts things: tile paths {@code tile/<L>/<N>[.p/<W>]}, entry bundle
 * paths {@code tile/entries/<N>[.p/<W>]}, and which full and partial tiles represent a tree of a given size. Tiles
 * are 256 hashes wide; the index is written in zero-padded 3-digit elements, all but the last prefixed with
 * {@code x}.
 *
 * @see <a href="https://c2sp.org/tlog-tiles">C2SP tlog-tiles</a>
 */
public final class TileLayout {

	public static final int WIDTH = 256;

	private TileLayout() {
	}

	/** One tile: its level, its index within the level, and its width (256 for a full tile). */
	public record Tile(int level, long index, int width) {

		public Tile {
			if (level < 0 || level > 63 || index < 0 || width < 1 || width > WIDTH) {
				throw new IllegalArgumentException("not a tile");
			}
		}

		public boolean partial() {
			return this.width < WIDTH;
		}

		/** The tile's path, such as {@code tile/0/x001/x234/067.p/8}. */
		public String path() {
			return "tile/" + this.level + "/" + encodeIndex(this.index) + suffix(this.width);
		}

		/** The path of the entry bundle that level-0 tile covers. */
		public String entriesPath() {
			return "tile/entries/" + encodeIndex(this.index) + suffix(this.width);
		}

	}

	/** {@code 1234067} as {@code x001/x234/067}. */
	public static String encodeIndex(long index) {
		if (index < 0) {
			throw new IllegalArgumentException("a tile index is not negative");
		}
		String digits = Long.toString(index);
		int padded = ((digits.length() + 2) / 3) * 3;
		digits = "0".repeat(padded - digits.length()) + digits;
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < digits.length(); i += 3) {
			if (i + 3 < digits.length()) {
				out.append('x').append(digits, i, i + 3).append('/');
			}
			else {
				out.append(digits, i, i + 3);
			}
		}
		return out.toString();
	}

	/** Every tile, full and partial, that represents the tree of {@code size}, level by level. */
	public static List<Tile> tiles(long size) {
		if (size < 0) {
			throw new IllegalArgumentException("a tree size is not negative");
		}
		List<Tile> tiles = new ArrayList<>();
		long hashes = size;
		for (int level = 0; hashes > 0; level++) {
			long full = hashes / WIDTH;
			for (long n = 0; n < full; n++) {
				tiles.add(new Tile(level, n, WIDTH));
			}
			int width = (int) (hashes % WIDTH);
			if (width > 0) {
				tiles.add(new Tile(level, full, width));
			}
			hashes /= WIDTH;
		}
		return tiles;
	}

	private static String suffix(int width) {
		return width == WIDTH ? "" : ".p/" + width;
	}

}
