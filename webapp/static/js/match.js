// The matcher form (/match): the city picker shows the chosen province's cities only.
(function () {
  "use strict";
  const province = document.getElementById("m-province");
  const city = document.getElementById("m-city");
  if (!province || !city) return;
  function filter() {
    const code = province.value;
    for (const option of city.options) {
      if (!option.value) continue;
      const mine = option.dataset.province === code;
      option.hidden = !mine;
      if (!mine && option.selected) city.value = "";
    }
  }
  province.addEventListener("change", filter);
  filter();
})();
