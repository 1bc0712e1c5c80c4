/** CSV data files are bundled as text (webpack `asset/source`, a jest transform). */
declare module '*.csv' {
  const text: string;
  export default text;
}
