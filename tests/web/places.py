"""A tiny geocoder list for the web tests (settings.JANGBOGI_GEOCODER_PLACES points here).
The factory market sits at 37.5985, 127.1398 (구리시 인창동) with a 3 km radius."""

PLACES = [
    {"query": "구리시 인창동", "address": "경기도 구리시 인창동", "lat": 37.6012, "lng": 127.1398},
    {"query": "구리시 수택동", "address": "경기도 구리시 수택동", "lat": 37.5910, "lng": 127.1460},
    # Two places share "교문" so searching it offers a choice.
    {"query": "구리시 교문1동", "address": "경기도 구리시 교문1동", "lat": 37.5940, "lng": 127.1330},
    {"query": "구리시 교문2동", "address": "경기도 구리시 교문2동", "lat": 37.5870, "lng": 127.1290},
    # Far from every market: nobody delivers there.
    {"query": "연천군 전곡읍", "address": "경기도 연천군 전곡읍", "lat": 38.0260, "lng": 127.0670},
]
