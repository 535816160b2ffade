package org.tsunagu.merkle;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TileLayoutTest {

	@Test
	void tilesWhenSpecExampleOf70000ThenTheTilesTheSpecLists() {
		List<TileLayout.Tile> tiles = TileLayout.tiles(70_000);
		// tlog-tiles: 273 full level 0 tiles, a partial level 0 tile of width 112, one full level 1 tile,
		// a partial level 1 tile of width 17, and a partial level 2 tile of width 1
		assertThat(tiles.stream().filter((t) -> t.level() == 0 && !t.partial())).hasSize(273);
		assertThat(tiles).contains(new TileLayout.Tile(0, 273, 112), new TileLayout.Tile(1, 0, 256),
				new TileLayout.Tile(1, 1, 17), new TileLayout.Tile(2, 0, 1));
		assertThat(tiles).hasSize(273 + 1 + 1 + 1 + 1);
		assertThat(new TileLayout.Tile(0, 273, 112).path()).isEqualTo("tile/0/273.p/112");
		assertThat(new TileLayout.Tile(2, 0, 1).path()).isEqualTo("tile/2/000.p/1");
	}

	@Test
	void tilesWhenSize256ThenOneFullLevel0TileAndAPartialLevel1TileOfWidth1() {
		assertThat(TileLayout.tiles(256)).containsExactly(new TileLayout.Tile(0, 0, 256), new TileLayout.Tile(1, 0, 1));
		assertThat(TileLayout.tiles(0)).isEmpty();
	}

	@Test
	void encodeIndexWhenSpecExampleThenThreeDigitElements() {
		assertThat(TileLayout.encodeIndex(1_234_067)).isEqualTo("x001/x234/067");
		assertThat(TileLayout.encodeIndex(0)).isEqualTo("000");
		assertThat(TileLayout.encodeIndex(999)).isEqualTo("999");
		assertThat(TileLayout.encodeIndex(1000)).isEqualTo("x001/000");
		assertThat(new TileLayout.Tile(0, 1_234_067, 8).entriesPath()).isEqualTo("tile/entries/x001/x234/067.p/8");
	}

	@Test
	void tileWhenOutOfRangeThenRefused() {
		assertThatThrownBy(() -> new TileLayout.Tile(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new TileLayout.Tile(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new TileLayout.Tile(0, 0, 257)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> TileLayout.encodeIndex(-1)).isInstanceOf(IllegalArgumentException.class);
	}

}
