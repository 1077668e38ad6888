"""The configuration schema: one section per module in psn/core/sections/.

Every key is `section.name`; its environment variable is `PSN_SECTION_NAME`. A feature adds
a section by writing its module and one field below; `psn config` and `psn doctor` then know it.
"""

from __future__ import annotations

from psn.core.sections.analytics import AnalyticsSettings
from psn.core.sections.base import Section
from psn.core.sections.blog import BlogSettings
from psn.core.sections.daemon import DaemonSettings
from psn.core.sections.engage import EngageSettings
from psn.core.sections.facebook import FacebookSettings
from psn.core.sections.general import DatabaseSettings, GeneralSettings, LogSettings
from psn.core.sections.generation import GenerationSettings
from psn.core.sections.instagram import InstagramSettings
from psn.core.sections.learn import LearnSettings
from psn.core.sections.linkedin import LinkedInSettings
from psn.core.sections.llm import LLMSettings
from psn.core.sections.notify import NotifySettings
from psn.core.sections.tiktok import TikTokSettings
from psn.core.sections.whatsapp import WhatsAppSettings
from psn.core.sections.wordpress import WordPressSettings
from psn.core.sections.x import XSettings


class Settings(Section):
    general: GeneralSettings = GeneralSettings()
    log: LogSettings = LogSettings()
    database: DatabaseSettings = DatabaseSettings()
    x: XSettings = XSettings()
    linkedin: LinkedInSettings = LinkedInSettings()
    llm: LLMSettings = LLMSettings()
    generation: GenerationSettings = GenerationSettings()
    analytics: AnalyticsSettings = AnalyticsSettings()
    engage: EngageSettings = EngageSettings()
    instagram: InstagramSettings = InstagramSettings()
    daemon: DaemonSettings = DaemonSettings()
    notify: NotifySettings = NotifySettings()
    learn: LearnSettings = LearnSettings()
    facebook: FacebookSettings = FacebookSettings()
    whatsapp: WhatsAppSettings = WhatsAppSettings()
    wordpress: WordPressSettings = WordPressSettings()
    blog: BlogSettings = BlogSettings()
    tiktok: TikTokSettings = TikTokSettings()
