/*
 * The job page's "Nightly images" trend: build time and image size per service over the last builds, drawn with
 * echarts (from the echarts-api plugin) in two grids that share one legend and one build axis. The data comes from the
 * trend's JSON (data-url). Every text reaches the page through echarts (which escapes it) or through DOM text nodes:
 * no markup is built from data here.
 */
(function () {
  'use strict';

  const SECOND = 1000;
  const MB = 1024 * 1024;

  function jenkinsColor(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name);
    return value && value.trim() ? value.trim() : fallback;
  }

  /** Seconds or minutes, whichever keeps the axis readable. */
  function timeUnit(maxMillis) {
    return maxMillis >= 180 * SECOND ? { name: 'min', divisor: 60 * SECOND, digits: 1 } : { name: 's', divisor: SECOND, digits: 1 };
  }

  /** KB, MB or GB, whichever keeps the axis readable. */
  function sizeUnit(maxBytes) {
    if (maxBytes >= 2048 * MB) {
      return { name: 'GB', divisor: 1024 * MB, digits: 2 };
    }
    return maxBytes >= MB ? { name: 'MB', divisor: MB, digits: 1 } : { name: 'KB', divisor: 1024, digits: 1 };
  }

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function isSkipped(point) {
    return point.result === 'skipped' || point.result === 'cancelled';
  }

  function model(data) {
    const builds = data.builds;
    const index = new Map(builds.map((b, i) => [b.number, i]));
    const services = Array.from(new Set(data.points.map((p) => p.service))).sort();
    // The last point of a service in a build (a build may call intermediateBuild more than once).
    const cells = new Map(services.map((s) => [s, new Array(builds.length).fill(null)]));
    for (const p of data.points) {
      if (index.has(p.build)) {
        cells.get(p.service)[index.get(p.build)] = p;
      }
    }
    return { builds, services, cells };
  }

  function draw(container, data) {
    const m = model(data);
    const red = jenkinsColor('--error-color', '#e6001f');
    const text = jenkinsColor('--text-color', '#333');
    const secondary = jenkinsColor('--text-color-secondary', '#6d6b80');
    const grid = 'rgba(128, 128, 128, 0.25)';
    const time = timeUnit(Math.max(0, ...data.points.map((p) => p.durationMillis)));
    const sizes = data.points.filter((p) => !p.failed && p.sizeBytes >= 0).map((p) => p.sizeBytes);
    const size = sizeUnit(Math.max(0, ...sizes));
    const round = (value, unit) => Number((value / unit.divisor).toFixed(unit.digits + 1));
    const categories = m.builds.map((b) => '#' + b.number);
    const failedBuilds = m.builds.filter((b) => b.result === 'FAILURE').map((b) => '#' + b.number);

    function item(point, value) {
      if (point === null || value === null) {
        return null;
      }
      const marked = point.failed ? (isSkipped(point) ? 'skipped' : 'failed') : null;
      return {
        value,
        point,
        symbol: marked === 'failed' ? 'triangle' : marked === 'skipped' ? 'diamond' : 'circle',
        symbolSize: marked ? 11 : 7,
        itemStyle: marked === 'failed' ? { color: red, borderColor: '#fff', borderWidth: 1 }
          : marked === 'skipped' ? { color: secondary } : undefined,
      };
    }

    const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
    const series = [];
    for (const [i, service] of m.services.entries()) {
      const cells = m.cells.get(service);
      const colour = palette[i % palette.length];
      const common = {
        name: service, type: 'line', connectNulls: false, showAllSymbol: true, color: colour, lineStyle: { width: 2 },
        emphasis: { disabled: true },
      };
      series.push(Object.assign({}, common, {
        xAxisIndex: 0, yAxisIndex: 0,
        data: cells.map((p) => item(p, p === null ? null : round(p.durationMillis, time))),
      }));
      series.push(Object.assign({}, common, {
        xAxisIndex: 1, yAxisIndex: 1,
        data: cells.map((p) => item(p, p === null || p.failed || p.sizeBytes < 0 ? null : round(p.sizeBytes, size))),
      }));
    }
    // Failed builds: a red band across both grids (the axes' split areas, one colour per build) and a label on top.
    const bands = m.builds.map((b) => (b.result === 'FAILURE' ? 'rgba(230, 0, 31, 0.1)' : 'rgba(0, 0, 0, 0)'));
    series.push({
      name: 'failed builds', type: 'line', xAxisIndex: 0, yAxisIndex: 0, data: [], silent: true,
      markArea: {
        silent: true,
        itemStyle: { color: 'rgba(0, 0, 0, 0)' },
        label: { show: true, position: 'insideTop', color: red, fontSize: 11, formatter: 'failed' },
        data: failedBuilds.map((b) => [{ xAxis: b }, { xAxis: b }]),
      },
    });

    const axisLabel = { color: secondary, fontSize: 12 };
    const xAxis = (gridIndex) => ({
      type: 'category', gridIndex, data: categories, boundaryGap: true,
      name: gridIndex === 1 ? 'Build' : '', nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: secondary },
      axisTick: { alignWithLabel: true },
      splitArea: { show: true, interval: 0, areaStyle: { color: bands } },
      axisLabel: Object.assign({}, axisLabel, {
        show: true,
        color: (value) => (failedBuilds.indexOf(value) >= 0 ? red : secondary),
        fontWeight: 'normal',
      }),
      axisLine: { lineStyle: { color: secondary } },
    });
    const yAxis = (gridIndex, title, unit, fromZero) => ({
      type: 'value', gridIndex, scale: !fromZero, min: fromZero ? 0 : undefined,
      minInterval: unit.name === 's' ? 1 : Math.pow(10, -unit.digits),
      name: title + ' (' + unit.name + ')', nameLocation: 'end', nameGap: 10,
      nameTextStyle: { color: text, fontWeight: 'bold', align: 'left', padding: [0, 0, 0, -44] },
      axisLabel: Object.assign({}, axisLabel, { formatter: (v) => v + ' ' + unit.name }),
      splitLine: { show: true, lineStyle: { color: grid } },
      axisLine: { show: true, lineStyle: { color: secondary } },
      axisTick: { show: true },
    });

    const chart = echarts.init(container, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      color: palette,
      legend: {
        type: 'scroll', top: 0, left: 0, right: 0, data: m.services, icon: 'roundRect', itemWidth: 18, itemHeight: 10,
        textStyle: { color: text, fontSize: 13 },
      },
      grid: [
        { left: 62, right: 16, top: 62, height: 150 },
        { left: 62, right: 16, top: 275, height: 150 },
      ],
      xAxis: [xAxis(0), xAxis(1)],
      yAxis: [yAxis(0, 'Build time', time, true), yAxis(1, 'Image size', size, false)],
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      tooltip: {
        trigger: 'axis', confine: true, axisPointer: { type: 'line' },
        formatter: (params) => tooltip(params),
      },
      series,
    });

    // One tooltip per build: its result, then each service's build time and image size, with units and results.
    function tooltip(params) {
      const list = (Array.isArray(params) ? params : [params]).filter((p) => p.data && p.seriesName !== 'failed builds');
      const at = Array.isArray(params) && params.length > 0 ? params[0].dataIndex : params.dataIndex;
      const build = m.builds[at];
      if (!build) {
        return null;
      }
      const box = element('div', 'ecr-trend__tooltip');
      const head = element('div', null, build.name + ' \u00b7 ' + build.result.toLowerCase());
      head.style.fontWeight = 'bold';
      if (build.result === 'FAILURE') {
        head.style.color = red;
      }
      box.appendChild(head);
      for (const [grid, title, unit] of [[0, 'Build time', time], [1, 'Image size', size]]) {
        const here = list.filter((p) => series[p.seriesIndex].yAxisIndex === grid);
        if (here.length === 0) {
          continue;
        }
        const caption = element('div', null, title);
        caption.style.marginTop = '4px';
        caption.style.color = secondary;
        box.appendChild(caption);
        for (const p of here) {
          const point = p.data.point;
          const line = element('div');
          const swatch = element('span', 'ecr-trend__swatch');
          swatch.style.background = series[p.seriesIndex].color;
          line.appendChild(swatch);
          line.appendChild(document.createTextNode(p.seriesName + ': ' + p.data.value.toFixed(unit.digits) + ' ' + unit.name + ' \u00b7 ' + point.result));
          if (point.failed) {
            line.style.color = isSkipped(point) ? secondary : red;
          }
          box.appendChild(line);
        }
      }
      const noImage = m.services.filter((s) => m.cells.get(s)[at] !== null && m.cells.get(s)[at].failed);
      if (noImage.length > 0) {
        box.appendChild(element('div', null, 'no image: ' + noImage.join(', ')));
      }
      const notBuilt = m.services.filter((s) => m.cells.get(s)[at] === null);
      if (notBuilt.length > 0) {
        box.appendChild(element('div', null, 'not built: ' + notBuilt.join(', ')));
      }
      const hint = element('div', null, 'Click to open ' + build.name);
      hint.style.color = secondary;
      hint.style.marginTop = '4px';
      box.appendChild(hint);
      return box;
    }

    // A click anywhere over a build (a point, or the column) opens that build.
    const root = container.dataset.rootUrl || '';
    function buildAt(x, y) {
      for (const gridIndex of [0, 1]) {
        if (chart.containPixel({ gridIndex }, [x, y])) {
          const n = chart.convertFromPixel({ gridIndex }, [x, y])[0];
          return Number.isFinite(n) ? m.builds[Math.max(0, Math.min(m.builds.length - 1, Math.round(n)))] : null;
        }
      }
      return null;
    }
    chart.getZr().on('click', (e) => {
      const build = buildAt(e.offsetX, e.offsetY);
      if (build) {
        window.location.href = root + '/' + build.url;
      }
    });
    chart.getZr().on('mousemove', (e) => {
      chart.getZr().setCursorStyle(buildAt(e.offsetX, e.offsetY) ? 'pointer' : 'default');
    });
    window.addEventListener('resize', () => chart.resize());
    container.dataset.drawn = 'true';
  }

  function init(container) {
    function fail(reason) {
      container.textContent = 'The trend could not be drawn: ' + reason;
      container.style.height = 'auto';
    }
    const request = new XMLHttpRequest();
    request.open('GET', container.dataset.url);
    request.setRequestHeader('Accept', 'application/json');
    request.onload = () => {
      if (request.status !== 200) {
        fail('HTTP ' + request.status);
        return;
      }
      try {
        draw(container, JSON.parse(request.responseText));
      } catch (e) {
        fail(e.message);
      }
    };
    request.onerror = () => fail('the request failed');
    request.send();
  }

  function start() {
    document.querySelectorAll('.ecr-trend__chart[data-url]').forEach((container) => {
      if (!container.dataset.started) {
        container.dataset.started = 'true';
        init(container);
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
