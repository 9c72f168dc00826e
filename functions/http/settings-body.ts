import { DEFAULT_SETTINGS, type SettingsOverrides, withOverrides } from "../../domain/settings.ts";
import type { StoredSettings } from "../../events/store/settings-store.ts";

/** The tenant's settings as the API shows them: what is in force, what the tenant changed, its version. */
export const settingsBody = ({ overrides, version }: StoredSettings) => ({
  settings: withOverrides(DEFAULT_SETTINGS, overrides as SettingsOverrides),
  overrides,
  version,
});
