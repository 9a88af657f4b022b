/** The two kinds of campaign HR starts. */
export const CAMPAIGN_FAMILIES = ['survey360', 'ranking'] as const;
export type CampaignFamily = (typeof CAMPAIGN_FAMILIES)[number];

/** How a campaign runs under a methodology: the yearly 360, the quarterly sheets, the yearly sheets. */
export const CAMPAIGN_SCHEMES = ['s360', 'quarter', 'year'] as const;
export type CampaignScheme = (typeof CAMPAIGN_SCHEMES)[number];
