package org.tsunagu.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.tsunagu.platform.TsunaguProperties;

import org.springframework.stereotype.Component;

/** Makes sure the data directory exists before the modules write their files into it. */
@Component
final class DataDirectory {

	DataDirectory(TsunaguProperties properties) {
		try {
			Files.createDirectories(properties.dataDir());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the data directory " + properties.dataDir(), ex);
		}
	}

}
