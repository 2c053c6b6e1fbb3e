"use client";
// The price as a form would show it while the user types: checked and priced in the browser.
import { useEffect, useState } from "react";
import { init, validateRequest } from "seedance-wasm/engine";

export default function Price() {
  const [text, setText] = useState("loading");
  useEffect(() => {
    init().then(
      () => {
        const report = validateRequest({ prompt: "a fox", model: "seedance-2-mini", duration: 8 });
        setText(`${report.estimate?.credits} credits`);
      },
      (error) => setText(`failed: ${error.code} ${error.message}`),
    );
  }, []);
  return <p id="client-price">{text}</p>;
}
