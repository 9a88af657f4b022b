import type { Models } from '../db/models.ts';
import { getMethodology, type Methodology } from '../methodology/index.ts';

/** The methodology data file an organisation (state body) is evaluated under, if it names a known one. */
export async function methodologyOfOrganisation(
  models: Models,
  organisationCode: string,
): Promise<Methodology | undefined> {
  const organisation = await models.Organisation.findOne({ code: organisationCode });
  return organisation?.methodologyId ? getMethodology(organisation.methodologyId) : undefined;
}
