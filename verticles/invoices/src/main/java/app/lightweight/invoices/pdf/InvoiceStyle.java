package app.lightweight.invoices.pdf;

import java.awt.Color;

/** The colours and sizes of the invoice template, in one place so the pieces agree. */
final class InvoiceStyle {

  static final Color INK = new Color(0x1f, 0x29, 0x37);
  static final Color MUTED = new Color(0x6b, 0x72, 0x80);
  static final Color RULE = new Color(0xd1, 0xd5, 0xdb);
  static final Color SHADE = new Color(0xf3, 0xf4, 0xf6);
  static final Color ACCENT = new Color(0x0f, 0x4c, 0x81);
  static final Color LINK = new Color(0x1d, 0x4e, 0xd8);
  static final Color PAID = new Color(0x15, 0x80, 0x3d);
  static final Color VOID = new Color(0xb9, 0x1c, 0x1c);
  static final Color DRAFT = new Color(0x6b, 0x72, 0x80);

  static final float BODY = 9;
  static final float SMALL = 8;
  static final float LABEL = 7.5f;

  private InvoiceStyle() {}
}
