package app.lightweight.invoices.pdf;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceDraft;
import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.InvoiceStatus;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.PartyDetails;
import app.lightweight.invoices.seller.BusinessBlock;
import app.lightweight.invoices.seller.BusinessProfiles;
import io.vertx.core.Future;

/**
 * What an invoice's PDF shows: the business block from the users service or the invoice, the pay
 * link, the status as of today. Rendering it is {@link PdfRenderer}'s.
 */
final class PdfContent {
  private final BusinessProfiles profiles;
  private final InvoiceStore store;
  private final InvoiceJson json;

  PdfContent(BusinessProfiles profiles, InvoiceStore store, InvoiceJson json) {
    this.profiles = profiles;
    this.store = store;
    this.json = json;
  }

  /** What the stored invoice's PDF shows. */
  Future<InvoiceDocument> document(Invoice invoice) {
    return business(invoice)
        .map(
            business ->
                new InvoiceDocument(
                    business.details().toParty(),
                    business.logo(),
                    invoice.customer().toParty(),
                    invoice.number(),
                    invoice.currency(),
                    invoice.issueDate(),
                    invoice.dueDate(),
                    invoice.shownStatus(json.today()),
                    invoice.lines(),
                    invoice.notes(),
                    invoice.terms(),
                    json.payUrl(invoice),
                    invoice.amountPaid(),
                    invoice.version(),
                    invoice.taxLabel()));
  }

  /**
   * What the PDF of an invoice that is not stored shows (nothing is stored for it): a number makes
   * it issued, else it is a draft.
   */
  static InvoiceDocument document(InvoiceDraft draft, BusinessBlock business, String number) {
    return new InvoiceDocument(
        business.details().toParty(),
        business.logo(),
        draft.customer().toParty(),
        number,
        draft.currency(),
        draft.issueDate(),
        draft.dueDate(),
        number == null ? InvoiceStatus.DRAFT : InvoiceStatus.ISSUED,
        draft.lines(),
        draft.notes(),
        draft.terms(),
        null,
        0,
        0,
        draft.taxLabel());
  }

  /**
   * The seller as the PDF prints it. A draft follows the users service's profile (else the details
   * kept with it); an issued invoice shows what was frozen when it was issued.
   */
  Future<BusinessBlock> business(Invoice invoice) {
    if (invoice.isDraft()) {
      return profiles
          .find(invoice.tenant())
          .map(profile -> profile.orElseGet(() -> stored(invoice.business())));
    }
    if (invoice.businessLogo() == null) {
      return Future.succeededFuture(stored(invoice.business()));
    }
    return store
        .logo(invoice.businessLogo())
        .map(logo -> new BusinessBlock(stored(invoice.business()).details(), logo.orElse(null)));
  }

  /** The seller for a document that is not stored: given, else the profile, else the settings. */
  Future<BusinessBlock> business(String tenant, PartyDetails given, PartyDetails fallback) {
    if (given != null) {
      return Future.succeededFuture(new BusinessBlock(given, null));
    }
    return profiles.find(tenant).map(profile -> profile.orElseGet(() -> stored(fallback)));
  }

  private static BusinessBlock stored(PartyDetails details) {
    return details == null ? BusinessBlock.unnamed() : new BusinessBlock(details, null);
  }
}
