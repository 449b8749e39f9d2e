/**
 * How a sample source's values are named as exported Prometheus series (the contract between a
 * collector and `src/exporters/prometheus-names.ts`). The neutral sources (host, process, JMX,
 * lag…) are named by the exporter itself; a broker's collectors bring their own sources' naming
 * in `src/collectors/<kind>/series-naming.ts`, listed in `src/collectors/naming.ts`.
 */

/** The exported naming of one sample source. */
export interface SourceNaming {
  /** Name part after `mqload_`: every series of the source is `mqload_<area>_<base>`. */
  readonly area: string;
  /** Label that carries the sample's `instance` (Prometheus reserves `instance` itself); null: none. */
  readonly instanceLabel: string | null;
  /** Labels added to every series of the source (e.g. `collector` telling two collectors of one broker apart). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The series base name for a value name (before the unit suffix conversions); may add labels
   * to `labels` (e.g. `kind` for one series of a breakdown). Absent: the value name itself.
   */
  base?(valueName: string, labels: Record<string, string>): string;
}
