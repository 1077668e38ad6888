"""`psn demo`: the whole workflow against the sandbox, in a throwaway home, narrated.

Steps are modules in psn/cli/demo/steps/ with ORDER, TITLE and run(demo); each issue that
adds a capability adds its step, so the demo is always real and always green.
"""
