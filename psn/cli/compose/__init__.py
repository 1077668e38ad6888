"""`psn post` with generation: from an idea to reviewed drafts to published, scheduled or
waiting-for-media posts. The pieces: inputs (idea, platforms, media, time), review (the
interactive loop), deliver (hand approved drafts to the publishing pipeline), flow (the commands)."""
