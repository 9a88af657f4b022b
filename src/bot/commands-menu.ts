import type { Api } from 'grammy';
import type { Translator } from '../i18n/index.ts';
import { LANGUAGES } from '../people/models.ts';

/** Commands for everyone; HR's commands are listed by /help for HR only, not in the public menu. */
const MENU = ['start', 'survey', 'results', 'evaluate', 'scores', 'help', 'language', 'cancel'] as const;

/** Registers the command menu in Kazakh and Russian; Kazakh is also the default for other app languages. */
export async function registerCommandMenu(api: Api, translator: Translator): Promise<void> {
  const menuFor = (lang: (typeof LANGUAGES)[number]) => {
    const t = translator.forLanguage(lang);
    return MENU.map((command) => ({ command, description: t(`commands.${command}`) }));
  };
  await api.setMyCommands(menuFor('kk'));
  for (const lang of LANGUAGES) await api.setMyCommands(menuFor(lang), { language_code: lang });
}
