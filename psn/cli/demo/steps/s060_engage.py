"""Demo: find conversations, see why they scored, and a scripted session (simulated input)."""

ORDER = 60
TITLE = "Engage: find conversations, approve replies, learn from outcomes (sandbox, simulated input)"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Niche keywords come from your voice pillars plus your own additions:")
    demo.psn("engage", "config", "add", "keywords", "build in public")
    demo.psn("engage", "config", "add", "keywords", "content calendars")
    demo.say("Monitor searches X and your mentions, scores each post, and drafts replies ahead:")
    demo.psn("engage", "monitor")
    demo.psn("engage", "list")
    rows = demo.data("engage", "list")
    mention = next(r for r in rows if r["on_your_post"])
    other = next(r for r in rows if not r["on_your_post"])
    demo.psn("engage", "explain", str(mention["id"]))
    _scripted_session(demo, mention, other)
    demo.say("A day later, the daily pull measures the replies sent through the API.")
    demo.say("Outcomes are compared per score component; weights move only with engage.auto_tune on.")
    demo.psn("sandbox", "advance", "1d")
    demo.psn("engage", "learn")
    demo.psn("engage", "history")
    demo.psn("engage", "stats")


def _scripted_session(demo, mention, other) -> None:  # type: ignore[no-untyped-def]
    demo.say("── SIMULATED INPUT ── `psn engage` is a keyboard session and the demo has no terminal.")
    demo.say("So the creator's choices are typed as flags; --approve approves exactly that text.")
    demo.say("Without it (and without a terminal) nothing is approved or sent: exit 2.")
    demo.psn("engage", "reply", str(mention["id"]), "--text", "Thanks!", expect=2)
    draft = demo.data("engage", "explain", str(mention["id"]))["drafts"][0]
    demo.say("Simulated: the creator picks draft 1 for the post that mentions them.")
    demo.say("X allows API replies to posts that mention you, so psn sends it:")
    demo.psn("engage", "reply", str(mention["id"]), "--text", draft, "--approve")
    text = "Agreed: a calendar you can keep beats a perfect one you abandon."
    demo.say("X refuses API replies to posts that did not mention you, so psn hands this one to you.")
    demo.say("Caps are checked again at send time; the cooldown paces only psn's own API sends,")
    demo.say("so a reply you post yourself is not held back by it (a second API reply would wait):")
    demo.psn("engage", "reply", str(other["id"]), "--text", text, "--approve")
    waiting = demo.data("engage", "history")["awaiting_confirmation"][0]["approval_id"]
    demo.say("Simulated: the creator posted it in the browser and confirms:")
    demo.psn("engage", "confirm", str(waiting), "--sent")
