"""Demo: a WhatsApp broadcast to two opted-in sandbox contacts, and their delivery receipts."""

ORDER = 45
TITLE = "WhatsApp: your opted-in audience, a template broadcast, delivery receipts (sandbox)"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Connecting the sandbox WhatsApp number (for real: phone number id, WABA id, system-user token).")
    demo.psn("setup", "whatsapp")
    demo.say("psn only messages people whose opt-in you recorded (when and where they agreed):")
    demo.psn("whatsapp", "contacts", "add", "+44 7700 900001", "--name", "Ana", "--opt-in", "newsletter form")
    demo.psn("whatsapp", "contacts", "add", "+44 7700 900002", "--name", "Bo", "--opt-in", "QR code at a meetup")
    demo.psn("whatsapp", "contacts", "add", "+44 7700 900003", "--name", "Cy")
    demo.psn("whatsapp", "contacts", "list")
    demo.say("An approved template goes to everyone opted in; its variables are checked against the template first.")
    demo.psn("whatsapp", "send", "--template", "psn_new_post", "--var", "Ana", "--var", "What I learned shipping psn",
             "--yes")
    demo.say("Cy never opted in, so a message to Cy is refused (exit code 2); so is a wrong variable count:")
    demo.psn("whatsapp", "send", "--template", "psn_new_post", "--var", "a", "--var", "b", "--to", "+447700900003",
             "--yes", expect=2)
    demo.psn("whatsapp", "send", "--template", "psn_new_post", "--var", "only one", "--yes", expect=2)
    demo.say("Receipts arrive by webhook, in any order; psn never moves a delivery backwards:")
    demo.psn("whatsapp", "webhook", "--from-sandbox")
    demo.psn("whatsapp", "deliveries")
