/// Retell's signed webhooks (call_started, call_ended, call_analyzed, transfers) and the inbound-call webhook.
/// The receiver comes with its issue; the signature rule it will use is `Domain.RetellSignature`, shared with the functions.
public enum RetellWebhooks {}
