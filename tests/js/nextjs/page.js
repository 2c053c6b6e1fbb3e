// A page priced twice: on the server as it renders (the Node entry) and in the browser as it loads
// (the engine's browser entry, in a client component).
import { estimateCost } from "seedance-wasm";
import Price from "./price.js";

export const dynamic = "force-dynamic";

export default function Page() {
  const { credits } = estimateCost({ model: "seedance-2-mini", duration: 8 });
  return (
    <main>
      <p id="server-price">{credits} credits</p>
      <Price />
    </main>
  );
}
