package org.tsunagu.platform;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as SVG markup for a page or a document: black modules as one path on white, the four-module quiet
 * zone, no style attributes (the pages' CSP allows no inline style).
 */
public final class QrSvg {

	private QrSvg() {
	}

	/**
	 * @param label the accessible name, or {@code null} when the page says in words what the code holds (the SVG is
	 * then hidden from assistive technology)
	 * @param pixels the width and height to draw at, or {@code 0} to let the page size it
	 */
	public static String of(String text, QrCode.Ecc ecc, String label, int pixels) {
		QrCode qr = QrCode.encodeText(text, ecc);
		int border = 4;
		int size = qr.size + 2 * border;
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < qr.size; y++) {
			for (int x = 0; x < qr.size; x++) {
				if (qr.getModule(x, y)) {
					path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
				}
			}
		}
		String sized = pixels > 0 ? " width=\"" + pixels + "\" height=\"" + pixels + "\"" : "";
		String name = label == null ? " aria-hidden=\"true\"" : " aria-label=\"" + label.replace("\"", "&quot;").replace("<", "&lt;") + "\"";
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\"" + sized
				+ " role=\"img\"" + name + " shape-rendering=\"crispEdges\">"
				+ "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
	}

}
