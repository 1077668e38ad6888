"""Demo: your own site — an article to a sandbox WordPress and to a blog by signed webhook."""

ORDER = 40
TITLE = "Publish an article to WordPress and to any blog (sandbox)"

PASSWORD = "abcd EFGH 1234 ijkl MNOP 6789"  # the sandbox site's application password for user "demo"
BLOG_SECRET = "whsec_c2FuZGJveC1ibG9nLXNlY3JldC1mb3ItcHNuLXRlc3Rz"


def run(demo) -> None:  # type: ignore[no-untyped-def]
    demo.say("Connecting a self-hosted WordPress with an application password. psn finds the REST API from the")
    demo.say("site's Link header and proves the password on users/me (https only, except on this machine).")
    demo.psn("setup", "wordpress", "--field", "site_url=https://wp.example.com", "--field", "username=demo",
             "--field", f"application_password={PASSWORD}")
    demo.say("Any other CMS takes the same article by webhook, signed with Standard Webhooks:")
    demo.psn("setup", "blog", "--field", "endpoint_url=https://blog.example.com/hooks/psn",
             "--field", f"secret={BLOG_SECRET}")
    hero = demo.home / "hero.png"
    hero.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    demo.say("One article to both: tags are looked up (or created), the featured image uploaded first.")
    demo.psn("article", "-p", "wordpress", "-p", "blog", "--title", "What I learned shipping psn",
             "--text", "Ship small.\n\nWrite it down.", "--tag", "indie", "--tag", "python", "--category", "Notes",
             "--excerpt", "Two lessons", "--featured", str(hero), "--canonical-url",
             "https://wp.example.com/what-i-learned/", "--yes")
    demo.say("A scheduled time already in the past is refused before anything is sent (exit code 2):")
    demo.psn("article", "-p", "wordpress", "--title", "Too late", "--text", "x", "--at", "2020-01-01T09:00:00Z",
             "--yes", expect=2)
