// The five industry templates by name.
import { finance } from "./finance.ts"
import { healthcare } from "./healthcare.ts"
import { realestate } from "./realestate.ts"
import { retail } from "./retail.ts"
import { telecom } from "./telecom.ts"
import { INDUSTRIES, type Industry, type IndustryTemplate } from "./template-types.ts"

const TEMPLATES: Readonly<Record<Industry, IndustryTemplate>> = { retail, telecom, finance, healthcare, realestate }

/** True when `name` is one of `INDUSTRIES`. */
export const isIndustry = (name: string): name is Industry => (INDUSTRIES as ReadonlyArray<string>).includes(name)

/** The template (segments, channels, topics, themes, seasons, copy) of an industry. */
export const templateFor = (industry: Industry): IndustryTemplate => TEMPLATES[industry]

export { INDUSTRIES }
