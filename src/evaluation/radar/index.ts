export { RADAR_FONT_FAMILY } from './font.ts';
export { type RadarInput, type RadarSeries, renderRadarPng } from './render.ts';
